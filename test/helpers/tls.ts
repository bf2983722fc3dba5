// A throwaway certificate for 127.0.0.1, made with the machine's openssl, so a test can run a real HTTPS server that a
// client trusts through NODE_EXTRA_CA_CERTS. Its key is EC P-256: made in milliseconds, where RSA 2048 took 0.3 s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function selfSignedLoopbackCert(): { key: string; cert: string; certFile: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-tls-'));
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
