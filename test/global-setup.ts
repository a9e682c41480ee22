import { execFileSync } from 'node:child_process';

/**
 * Runs the tests in a RabbitMQ virtual host of their own (`lienthong-test`), so that a bus running on
 * the same broker (npm start, on the default vhost) and the tests never consume each other's messages.
 * Needs rabbitmqctl (as on CI); without it the tests use the default vhost and say so.
 */
export default function globalSetup(): void {
  process.env.LOG_LEVEL ??= 'warn'; // services started by tests say only what went wrong
  if (process.env.TEST_AMQP_URL) return;
  const vhost = 'lienthong-test';
  try {
    const vhosts = execFileSync('rabbitmqctl', ['-q', 'list_vhosts'], { encoding: 'utf8', timeout: 60_000 });
    if (
      !vhosts
        .split('\n')
        .map((l) => l.trim())
        .includes(vhost)
    ) {
      execFileSync('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 60_000 });
      execFileSync('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 60_000 });
    }
    process.env.TEST_AMQP_URL = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  } catch (error) {
    console.warn(
      `[tests] cannot prepare the RabbitMQ vhost ${vhost} (${(error as Error).message.split('\n')[0]}); using the default vhost`,
    );
  }
}
