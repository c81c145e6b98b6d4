// Text helpers shared by the page's parts: HTML escaping (element text and quoted attribute
// values, also Graphviz HTML-like labels) and byte sizes.

/** `& < > "` escaped: safe as element text and inside a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** 812 B, 12.1 KiB, 1.53 MiB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(2)} MiB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}
