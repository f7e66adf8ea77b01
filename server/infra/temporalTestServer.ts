import { access, chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './freePort';
import { commandExists, runCommand } from './run';
import { startServerProcess } from './serverProcess';
import { temporalAnswers } from './temporalDev';
import { toolCacheDir } from './toolCache';

/** Temporal's Java test server: time-skipping, for simulation and multi-week workflow tests. */
export const TEST_SERVER_VERSION = '1.38.0';

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.comeback</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * Returns the path of an executable that starts the test server (`<port> --enable-time-skipping`), provisioned
 * from Maven Central into the machine-wide cache on first use: $TEMPORAL_TEST_SERVER → cache → Maven. Returns
 * null when neither Java nor Maven is available (the SDK may then download its own build).
 */
export async function provisionTemporalTestServer(log: (line: string) => void = console.log): Promise<string | null> {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER;
  if (fromEnv) return fromEnv;
  const dir = toolCacheDir(`temporal-test-server-${TEST_SERVER_VERSION}`);
  const launcher = join(dir, 'temporal-test-server');
  try {
    await access(launcher, constants.X_OK);
    const jars = await readdir(join(dir, 'lib'));
    if (jars.some((j) => j.startsWith('temporal-test-server-'))) return launcher;
  } catch {
    // not provisioned yet
  }
  if (!(await commandExists('java', '-version')) || !(await commandExists('mvn', '-v'))) return null;
  log(`Fetching Temporal test server ${TEST_SERVER_VERSION} from Maven Central into ${dir} (first time only)`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pom.xml'), POM);
  await runCommand('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'], { cwd: dir });
  await writeFile(launcher, `#!/bin/sh\nexec java -cp "${join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
  await chmod(launcher, 0o755);
  return launcher;
}

export interface TestServer {
  /** host:port of its frontend (it listens on every interface: the test server has no option for that). */
  address: string;
  stop(): Promise<void>;
}

/**
 * Starts the test server at `executable` (from provisionTemporalTestServer) as a child process that never outlives
 * this one, and waits until it answers: a JVM on a busy machine may take well over the SDK's fixed 5 s.
 */
export async function startTemporalTestServer(executable: string, log: (line: string) => void = console.log): Promise<TestServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    try {
      // No --enable-time-skipping, as the SDK starts it: its clients unlock time skipping while they wait on a result.
      const server = await startServerProcess(executable, [String(port)], {
        name: `Temporal's test server on ${address}`,
        probe: () => temporalAnswers(address),
        timeoutMs: 60_000,
        // A port taken between freePort and the JVM binding it: the JVM logs it and keeps running.
        failure: /Failed to bind to address/,
      });
      return { address, stop: () => server.stop() };
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test(String(error))) throw error;
      log(`Temporal's test server: its port was taken meanwhile; starting it on another (${attempt + 1}/3)`);
    }
  }
}
