// The demo page: plain TypeScript and DOM, one file per panel under sections/.
import 'nprogress/nprogress.css';
import './style.css';
import { http } from '../src/request';
import { watchRequests } from './activity';
import { mountAssistant } from './sections/assistant';
import { mountAuth } from './sections/auth';
import { mountChat } from './sections/chat';
import { mountErrors } from './sections/errors';
import { mountFeed } from './sections/feed';
import { mountFiles } from './sections/files';
import { mountJob } from './sections/job';
import { mountSocketIo } from './sections/socketio';
import { mountStream } from './sections/stream';
import { mountTicker } from './sections/ticker';
import { mountUsers } from './sections/users';
import { session } from './session';

watchRequests(http);

// Controls marked data-auth need a signed-in user.
function enableAuthControls(on: boolean) {
  for (const el of document.querySelectorAll<HTMLInputElement>('[data-auth]')) el.disabled = !on;
  const badge = document.querySelector('#session-badge');
  if (badge) {
    badge.textContent = on ? 'signed in' : 'signed out';
    badge.className = on ? 'badge on' : 'badge';
  }
}
session.addEventListener('signed-in', () => enableAuthControls(true));
session.addEventListener('signed-out', () => enableAuthControls(false));
enableAuthControls(false);

mountUsers();
mountJob();
mountFeed();
mountTicker();
mountStream();
mountChat();
mountAssistant();
mountSocketIo();
mountErrors();
mountFiles();
// Last: it may resume a stored session, which starts the panels above.
mountAuth();
