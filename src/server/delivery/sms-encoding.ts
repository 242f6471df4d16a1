/**
 * SMS segment arithmetic (GSM 03.38): a text in the GSM-7 alphabet fits 160
 * characters in one segment (characters of the extension table count twice);
 * any other character (Japanese, Arabic, ç, á, ’ …) makes the whole text UCS-2,
 * 70 characters (UTF-16 code units) in one segment.
 */
const gsm7Basic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsm7Extension = new Set('^{}\\[~]|€\f');

export const gsm7SegmentChars = 160;
export const ucs2SegmentChars = 70;

export function isGsm7(text: string): boolean {
  return [...text].every((c) => gsm7Basic.has(c) || gsm7Extension.has(c));
}

/** How many characters of one segment the text uses, in the encoding it needs. */
export function segmentLength(text: string): { length: number; limit: number } {
  if (!isGsm7(text)) return { length: text.length, limit: ucs2SegmentChars };
  const length = [...text].reduce((n, c) => n + (gsm7Extension.has(c) ? 2 : 1), 0);
  return { length, limit: gsm7SegmentChars };
}

export function fitsOneSegment(text: string): boolean {
  const { length, limit } = segmentLength(text);
  return length <= limit;
}
