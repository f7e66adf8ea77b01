import { access, chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { commandExists, runCommand } from './run';
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
