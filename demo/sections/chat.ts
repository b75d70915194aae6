// Placeholder until createSocket lands in src/realtime.
export function mountChat() {}
