/**
 * The password baseline: raw argon2id verifications per second with the
 * product's parameters (the hash is made by the product's hashPassword),
 * `concurrency` verifications in flight at a time (as many as the route's
 * connections), in a process of its own, for `seconds`. Prints one JSON line.
 * Usage: node argon2-raw.js <seconds> <concurrency>
 */
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../src/server/crypto/password';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  const concurrency = Number(process.argv[3] ?? 50);
  const password = 'bench: correct horse battery staple';
  const hash = await hashPassword(password);
  // Warm up the thread pool.
  await Promise.all(Array.from({ length: 4 }, () => verify(hash, password)));
  let done = 0;
  let wrong = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        if (!(await verify(hash, password))) wrong++;
        done++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU of every thread of the process (the hashing runs on libuv's pool), per verification.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerVerification = (cpu.user + cpu.system) / 1000 / done;
  process.stdout.write(JSON.stringify({ verifications: done, seconds: elapsed, perSecond: done / elapsed, cpuMsPerVerification, wrong }) + '\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
