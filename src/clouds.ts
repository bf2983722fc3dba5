// The national clouds: each has its own Graph host, and a token must be requested for that host's resource.

export type Cloud = 'global' | 'usgov' | 'dod' | 'china';

const HOSTS: Record<Cloud, string> = {
  global: 'https://graph.microsoft.com',
  usgov: 'https://graph.microsoft.us',
  dod: 'https://dod-graph.microsoft.us',
  china: 'https://microsoftgraph.chinacloudapi.cn',
};

export const CLOUDS = Object.keys(HOSTS) as Cloud[];

/** The beta endpoint of a cloud, e.g. `https://graph.microsoft.com/beta`. */
export const cloudBaseUrl = (cloud: Cloud): string => `${HOSTS[cloud]}/beta`;

/** The scope to request a token for, e.g. `https://graph.microsoft.com/.default`. */
export const cloudScope = (cloud: Cloud): string => `${HOSTS[cloud]}/.default`;
