// Imported first by main.ts: the broker client it uses reads TEST_AMQP_URL when it is loaded.
process.env.TEST_AMQP_URL = process.env.AMQP_URL ?? process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
