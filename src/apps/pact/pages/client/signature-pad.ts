// A drawn signature: pointer strokes on a canvas (mouse, pen or finger), exported as a PNG.
export interface SignaturePad {
  clear(): void;
  isEmpty(): boolean;
  toDataUrl(): string;
}

export function signaturePad(canvas: HTMLCanvasElement): SignaturePad {
  const context = canvas.getContext('2d')!;
  let drawing = false;
  let strokes = 0;
  const point = (event: PointerEvent) => {
    const bounds = canvas.getBoundingClientRect();
    return { x: ((event.clientX - bounds.left) / bounds.width) * canvas.width, y: ((event.clientY - bounds.top) / bounds.height) * canvas.height };
  };
  context.lineWidth = 3;
  context.lineCap = 'round';
  context.strokeStyle = '#0d1a59';
  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    strokes += 1;
    canvas.setPointerCapture(event.pointerId);
    const { x, y } = point(event);
    context.beginPath();
    context.moveTo(x, y);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const { x, y } = point(event);
    context.lineTo(x, y);
    context.stroke();
  });
  const stop = () => {
    drawing = false;
  };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  return {
    clear: () => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      strokes = 0;
    },
    isEmpty: () => strokes === 0,
    toDataUrl: () => canvas.toDataURL('image/png'),
  };
}
