/**
 * Turns a log-group glob into an anchored RegExp: `*` matches any run of characters
 * (slashes included, since log group names are paths), `?` matches exactly one.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
