import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only the pieces the page draws are registered, so the bundle carries no unused chart types.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#3b4252';
// Live figures redraw on every input event; tweening would lag behind the pointer.
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export { Chart };

/** One palette for the whole page, so a colour means the same thing in every section. */
export const colors = {
  truth: '#2b6cb0', // p, the true distribution, targets
  guess: '#dd6b20', // q, the model's prediction
  divergence: '#c53030', // KL, the extra cost of a wrong guess
  entropy: '#2f855a', // H(p)
  neutral: '#718096',
  squared: '#6b46c1', // squared error, the comparison loss
  linear: '#b7791f',
};

/** A canvas in a sized box: Chart.js sizes itself to the box, CSS sizes the box. */
export function canvasIn(element: HTMLElement, ariaLabel: string, height = 240): HTMLCanvasElement {
  const box = document.createElement('div');
  box.className = 'chart';
  box.style.height = `${height}px`;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', ariaLabel);
  box.append(canvas);
  element.append(box);
  return canvas;
}
