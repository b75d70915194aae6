/**
 * Copy the kit into an app: `npm run kit:copy -- <app>`. The app folder must exist (with its
 * package.json); the kit is never copied over itself: for an app that has it, this says to run
 * `npm run kit:update -- <app>`, and `--force` does exactly that (it keeps the app's changes).
 * See scripts/kit/install.ts for what is copied and how an update treats the app's files.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeReport, installKit, KitTargetError } from './kit/install';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Run the command for `args` (`[<app>, --force?]`) and return its exit code. */
export function kitCommand(command: 'kit:copy' | 'kit:update', args: string[]): number {
  const target = args.find((arg) => !arg.startsWith('-'));
  const unknown = args.filter(
    (arg) => arg.startsWith('-') && arg !== '--force' && arg !== '--help',
  );
  if (!target || args.includes('--help') || unknown.length > 0) {
    const force = command === 'kit:copy' ? ' [--force]' : '';
    if (unknown.length > 0) console.error(`Unknown option: ${unknown.join(' ')}`);
    console.error(`Usage: npm run ${command} -- <app folder>${force}`);
    return target && unknown.length === 0 ? 0 : 1;
  }
  const mode = command === 'kit:update' || args.includes('--force') ? 'update' : 'copy';
  try {
    console.log(describeReport(installKit(root, target, mode), target));
    return 0;
  } catch (error) {
    if (!(error instanceof KitTargetError)) throw error;
    console.error(`${command}: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = kitCommand('kit:copy', process.argv.slice(2));
}
