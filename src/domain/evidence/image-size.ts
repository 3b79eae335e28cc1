/** Pixel size of a PNG (IHDR) or JPEG (the first SOFn marker), for laying out a thumbnail; null when unreadable. */
export function imageSize(b: Uint8Array): { width: number; height: number } | null {
  const u16 = (i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const u32 = (i: number) => ((u16(i) << 16) >>> 0) + u16(i + 2);
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50) return { width: u32(16), height: u32(20) };
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): height then width
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { width: u16(i + 7), height: u16(i + 5) };
    i += 2 + u16(i + 2);
  }
  return null;
}
