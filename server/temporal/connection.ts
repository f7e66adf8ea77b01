import { readFile } from 'node:fs/promises';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config';

/**
 * One native connection (usable by workers and clients alike) to the configured Temporal: a cluster or Temporal
 * Cloud via TEMPORAL_ADDRESS with optional mTLS (TEMPORAL_TLS_CERT/KEY) or API key (TEMPORAL_API_KEY, implies TLS),
 * or the embedded dev server's address.
 */
export async function connectTemporal(config: Config, address = config.TEMPORAL_ADDRESS): Promise<NativeConnection> {
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set and no embedded Temporal server was started');
  const options: NativeConnectionOptions = { address };
  const mtls = config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY;
  if (mtls) {
    options.tls = {
      clientCertPair: { crt: await readFile(config.TEMPORAL_TLS_CERT!), key: await readFile(config.TEMPORAL_TLS_KEY!) },
    };
  } else if (config.TEMPORAL_TLS === 'true' || config.TEMPORAL_API_KEY) {
    options.tls = true;
  }
  if (config.TEMPORAL_API_KEY) {
    options.apiKey = config.TEMPORAL_API_KEY;
    options.metadata = { 'temporal-namespace': config.TEMPORAL_NAMESPACE };
  }
  return NativeConnection.connect(options);
}
