/**
 * Bring a later version of the kit into an app that has it: `npm run kit:update -- <app>`.
 * Kit files the app has not changed are replaced; a changed one is kept, with the kit's new
 * version beside it (`<file>.kit-new`, named in the output); the app's own files are never
 * touched. See scripts/kit/install.ts.
 */
import { kitCommand } from './kit-copy';

process.exitCode = kitCommand('kit:update', process.argv.slice(2));
