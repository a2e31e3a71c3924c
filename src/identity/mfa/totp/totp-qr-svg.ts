import QRCode from 'qrcode';

/**
 * The enrollment QR code as a standalone SVG document, for the portal to show as an image
 * (an `<img>` with a data: URL keeps it out of the page's markup and its CSP).
 */
export async function totpQrSvg(otpauthUri: string): Promise<string> {
  return QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
