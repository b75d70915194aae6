/**
 * Turn an endpoint's parsed body into `multipart/form-data`: a `Blob`/`File` is a file part, an
 * array repeats its key, `null`/`undefined` are left out, a `Date` is its ISO string, a nested
 * object is its JSON, anything else its string. Keys are read as own properties only.
 *
 * @example toFormData({ title: 'Q3', files: [file1, file2], meta: { tags: ['a'] } })
 */
export function toFormData(body: unknown): FormData {
  const form = new FormData();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TypeError('A form endpoint needs an object body (its keys are the fields)');
  }
  for (const key of Object.keys(body)) {
    const value: unknown = (body as Record<string, unknown>)[key];
    for (const item of Array.isArray(value) ? value : [value]) append(form, key, item);
  }
  return form;
}

function append(form: FormData, key: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (value instanceof Blob) {
    // A File keeps its own name; a bare Blob gets the field's name, so servers see a file part.
    form.append(key, value, value instanceof File ? value.name : key);
  } else {
    form.append(
      key,
      value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    );
  }
}
