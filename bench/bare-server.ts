/**
 * The baseline: a bare Fastify 5 JSON route (no schema, no hooks, no logger),
 * in a process of its own on 127.0.0.1. Prints "ready <port>" when listening.
 */
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ hello: 'world' }));
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`ready ${typeof address === 'object' && address ? address.port : 0}`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
