import { type Role, type User, userApi } from '../../src/api';
import { $, describe, h, isCancel, status } from '../dom';
import { whileSignedIn } from '../session';

const PAGE_SIZE = 6;
const ROLES: Role[] = ['admin', 'member', 'viewer'];

/**
 * A page of users with search, role filter, create, inline edit and delete: each call is a typed
 * `userApi` endpoint, so a bad email is refused before anything is sent (kind `'validation'`).
 */
export function mountUsers() {
  const body = $('#users-body');
  const statusLine = $('#users-status');
  const search = $<HTMLInputElement>('#user-search');
  const roleFilter = $<HTMLSelectElement>('#user-role-filter');
  const form = $<HTMLFormElement>('#user-form');
  let page = 1;
  let total = 0;
  let inFlight: AbortController | undefined;
  let typing: ReturnType<typeof setTimeout> | undefined;

  async function load() {
    // A newer list call makes the older one pointless: cancel it rather than race it.
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const role = roleFilter.value as Role | '';
      const result = await userApi.list(
        {
          query: {
            page,
            pageSize: PAGE_SIZE,
            ...(search.value.trim() ? { search: search.value.trim() } : {}),
            ...(role ? { role } : {}),
          },
        },
        { signal: controller.signal },
      );
      total = result.total;
      render(result.items);
    } catch (error) {
      if (!isCancel(error)) status(statusLine, describe(error), 'bad');
    }
  }

  function render(users: User[]) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    $('#users-page').textContent = `page ${page} of ${pages} · ${total} users`;
    $<HTMLButtonElement>('#users-prev').disabled = page <= 1;
    $<HTMLButtonElement>('#users-next').disabled = page >= pages;
    body.replaceChildren(
      ...(users.length === 0
        ? [h('tr', {}, h('td', { colSpan: 5, className: 'muted' }, 'No user matches.'))]
        : users.map(row)),
    );
  }

  function row(user: User): HTMLTableRowElement {
    const edit = h('button', { type: 'button', className: 'link' }, 'Edit');
    const remove = h('button', { type: 'button', className: 'link danger' }, 'Delete');
    const tr = h(
      'tr',
      { dataset: { id: user.id } },
      h('td', {}, user.name),
      h('td', {}, user.email),
      h('td', {}, h('span', { className: 'pill' }, user.role)),
      h('td', { className: 'muted' }, user.createdAt.toLocaleDateString()),
      h('td', {}, edit, remove),
    );
    edit.addEventListener('click', () => tr.replaceWith(editRow(user)));
    remove.addEventListener('click', async () => {
      try {
        await userApi.remove({ params: { id: user.id } });
        status(statusLine, `Deleted ${user.name}.`, 'ok');
        await load();
      } catch (error) {
        status(statusLine, describe(error), 'bad');
      }
    });
    return tr;
  }

  function editRow(user: User): HTMLTableRowElement {
    const name = h('input', { value: user.name, ariaLabel: 'Name' });
    const email = h('input', { value: user.email, ariaLabel: 'Email' });
    const role = h(
      'select',
      { ariaLabel: 'Role' },
      ...ROLES.map((r) => h('option', { selected: r === user.role }, r)),
    );
    const save = h('button', { type: 'button', className: 'link' }, 'Save');
    const cancel = h('button', { type: 'button', className: 'link' }, 'Cancel');
    // A failed save is told in the row being edited, not under the Add form.
    const rowStatus = h('p', { className: 'status', role: 'alert' });
    const tr = h(
      'tr',
      { dataset: { id: user.id }, className: 'editing' },
      h('td', {}, name),
      h('td', {}, email),
      h('td', {}, role),
      h('td', { className: 'muted' }, user.createdAt.toLocaleDateString()),
      h('td', {}, save, cancel, rowStatus),
    );
    cancel.addEventListener('click', () => tr.replaceWith(row(user)));
    save.addEventListener('click', async () => {
      status(rowStatus, 'Saving…');
      try {
        const updated = await userApi.update({
          params: { id: user.id },
          body: { name: name.value, email: email.value, role: role.value as Role },
        });
        tr.replaceWith(row(updated));
        status(statusLine, `Saved ${updated.name}.`, 'ok');
      } catch (error) {
        status(rowStatus, describe(error), 'bad');
      }
    });
    return tr;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const user = await userApi.create({
        body: {
          name: String(data.get('name')),
          email: String(data.get('email')),
          role: String(data.get('role')) as Role,
        },
      });
      form.reset();
      status(statusLine, `Added ${user.name} (${user.id}).`, 'ok');
      // Show the newest user: the list is in creation order, so that is the last page.
      page = Math.max(1, Math.ceil((total + 1) / PAGE_SIZE));
      await load();
    } catch (error) {
      status(statusLine, describe(error), 'bad');
    }
  });

  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      page = 1;
      void load();
    }, 250);
  });
  roleFilter.addEventListener('change', () => {
    page = 1;
    void load();
  });
  $('#users-prev').addEventListener('click', () => {
    page -= 1;
    void load();
  });
  $('#users-next').addEventListener('click', () => {
    page += 1;
    void load();
  });

  whileSignedIn(() => {
    void load();
    return () => {
      inFlight?.abort();
      body.replaceChildren(
        h('tr', {}, h('td', { colSpan: 5, className: 'muted' }, 'Sign in to see the users.')),
      );
      $('#users-page').textContent = '';
    };
  });
}
