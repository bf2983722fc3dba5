// Runs one command in this process's group and takes the whole group down when the parent goes away, even when
// the parent is SIGKILLed and can run no cleanup: the parent holds our stdin, and the kernel closes it on death.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
// With the options this guard was started with (startPrism's nodeOptions).
const child = spawn(process.execPath, [...process.execArgv, command, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
const killGroup = () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
};
process.stdin.on('end', killGroup);
process.stdin.on('close', killGroup);
process.stdin.resume();
process.on('SIGTERM', killGroup);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
