// @internal: used only inside @capture-doctor/store.
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7-shaped id that sorts in creation order within and across runs of this process, so
 * lists sharing a timestamp (a fixed test clock) still come back in insertion order.
 * @example newId() // "01937c1e-5a2b-7000-8a1f-3c9d2e4b5f60"
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    sequence += 1;
    if (sequence > 0xfff) {
      ms += 1;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  const random = randomBytes(8);
  const hex = ms.toString(16).padStart(12, '0');
  const seq = (0x7000 | sequence).toString(16);
  const variant = ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const tail = random.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${seq}-${variant}${tail.slice(0, 2)}-${tail.slice(2, 14)}`;
}
