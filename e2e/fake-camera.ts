import { writeFile } from 'node:fs/promises';
import { qrModules } from '../src/platform/pdf/qr.js';

/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture`): raw YUV4MPEG2, 4:2:0,
 * a few identical frames (Chromium loops them) of a QR code drawn from our own encoder, black
 * modules on white with the 4-module quiet zone, centred, grey chroma (no colour).
 */
export async function writeQrVideo(
  file: string,
  text: string,
  { width = 640, height = 480, frames = 5 } = {},
): Promise<void> {
  const qr = qrModules(text);
  const modules = qr.size + 8;
  const scale = Math.floor(Math.min(width, height) / modules);
  if (scale < 2) throw new Error(`${text.length} characters make a QR code too large for ${width}x${height}`);
  const left = Math.floor((width - qr.size * scale) / 2);
  const top = Math.floor((height - qr.size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235); // video white
  for (let row = 0; row < qr.size; row++) {
    for (let column = 0; column < qr.size; column++) {
      if (!qr.dark(row, column)) continue;
      for (let y = 0; y < scale; y++)
        luma.fill(
          16,
          (top + row * scale + y) * width + left + column * scale,
          (top + row * scale + y) * width + left + (column + 1) * scale,
        );
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
