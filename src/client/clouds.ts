// The national clouds: each has its own Graph host, and a token must be requested for that host's resource.

export type Cloud = 'global' | 'usgov' | 'dod' | 'china';

const HOSTS: Record<Cloud, string> = {
  global: 'https://graph.microsoft.com',
  usgov: 'https://graph.microsoft.us',
  dod: 'https://dod-graph.microsoft.us',
  china: 'https://microsoftgraph.chinacloudapi.cn',
};

/**
 * The cloud names, for option parsers.
 * @example
 * CLOUDS.includes(input as Cloud);
 */
export const CLOUDS = Object.keys(HOSTS) as Cloud[];

/**
 * The beta endpoint of a cloud.
 * @example
 * cloudBaseUrl('usgov'); // 'https://graph.microsoft.us/beta'
 */
export const cloudBaseUrl = (cloud: Cloud): string => `${HOSTS[cloud]}/beta`;

/**
 * The scope to request a token for.
 * @example
 * await credential.getToken(cloudScope('china')); // 'https://microsoftgraph.chinacloudapi.cn/.default'
 */
export const cloudScope = (cloud: Cloud): string => `${HOSTS[cloud]}/.default`;
