import { Connection } from '@temporalio/client';
// The SDK's own way (createTimeSkipping uses it) to a connection that offers the test service's time skipping.
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { startTemporalTestServer, type TestServer } from './temporalTestServer';

/**
 * What `TestWorkflowEnvironment.createTimeSkipping` returns, on a test server started here as a child process that
 * never outlives this one (the SDK starts its own with no such care, and gives a JVM only 5 s to come up);
 * `teardown()` stops that server.
 */
export async function startSupervisedTimeSkipping(executable: string, log: (line: string) => void): Promise<TestWorkflowEnvironment> {
  const server = await startTemporalTestServer(executable, log);
  try {
    const options = { address: server.address, [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
    const nativeConnection = await NativeConnection.connect(options);
    const connection = await Connection.connect(options).catch(async (error) => {
      await nativeConnection.close();
      throw error;
    });
    return new SupervisedTimeSkippingEnvironment(server, connection, nativeConnection);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

class SupervisedTimeSkippingEnvironment extends TestWorkflowEnvironment {
  constructor(
    private readonly testServer: TestServer,
    connection: Connection,
    nativeConnection: NativeConnection,
  ) {
    // As createTimeSkipping does it, with 'existing' in place of the SDK's own server process.
    super(Runtime.instance(), { server: { type: 'existing' }, client: {}, plugins: [] }, true, 'existing', connection, nativeConnection, undefined, testServer.address);
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    await this.testServer.stop();
  }
}
