/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares). Deterministic: no random start, no sampling. The objective mirrors scikit-learn's
 * default (C = 1 / lambda): Σ log-loss + (lambda / 2)·‖w‖², the intercept left unpenalised,
 * so the Telco benchmark can be compared with its published figure.
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
  converged: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A·x = b for a symmetric positive-definite A (Cholesky); A is not modified. */
function solveSpd(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const l = a.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i][j] = sum / l[j][j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * y[k];
    y[i] = sum / l[i][i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

/** Σ log-loss + (lambda / 2)·‖w‖², computed stably (log1p of exp of the margin). */
function objective(x: number[][], y: number[], beta: Float64Array, lambda: number) {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    let z = beta[0];
    for (let j = 0; j < x[i].length; j++) z += beta[j + 1] * x[i][j];
    // log(1 + e^z) − y·z
    total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
  }
  let penalty = 0;
  for (let j = 1; j < beta.length; j++) penalty += beta[j] * beta[j];
  return total + (lambda / 2) * penalty;
}

/** Rows of x are examples (already standardised / encoded); y holds 1 for churned, 0 for retained. */
export function fitLogistic(
  x: number[][],
  y: number[],
  { lambda = 1, maxIterations = 50, tolerance = 1e-8 } = {},
): LogisticFit {
  const n = x.length;
  const p = n ? x[0].length : 0;
  const dim = p + 1; // index 0 is the intercept
  const beta = new Float64Array(dim);
  const positives = y.reduce((s, v) => s + v, 0);
  // Starting from the base rate's log-odds makes the first step small and convergence quick.
  const rate = Math.min(Math.max(positives / Math.max(n, 1), 1e-6), 1 - 1e-6);
  beta[0] = Math.log(rate / (1 - rate));
  let iterations = 0;
  let converged = false;
  const row = new Float64Array(dim);
  while (iterations < maxIterations) {
    iterations++;
    const gradient = new Float64Array(dim);
    const hessian = Array.from({ length: dim }, () => new Float64Array(dim));
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      for (let j = 0; j < p; j++) row[j + 1] = x[i][j];
      let z = 0;
      for (let j = 0; j < dim; j++) z += beta[j] * row[j];
      const mu = sigmoid(z);
      const w = Math.max(mu * (1 - mu), 1e-10);
      const r = mu - y[i];
      for (let j = 0; j < dim; j++) {
        const rj = row[j];
        if (rj === 0) continue;
        gradient[j] += r * rj;
        const wr = w * rj;
        const hj = hessian[j];
        for (let k = 0; k <= j; k++) hj[k] += wr * row[k];
      }
    }
    for (let j = 1; j < dim; j++) {
      gradient[j] += lambda * beta[j];
      hessian[j][j] += lambda;
    }
    for (let j = 0; j < dim; j++) for (let k = 0; k < j; k++) hessian[k][j] = hessian[j][k];
    const step = solveSpd(hessian, gradient);
    // Damped Newton: halve the step until the penalised loss does not rise (nearly separable
    // data would otherwise overshoot and diverge).
    const before = objective(x, y, beta, lambda);
    let scale = 1;
    let candidate = beta.map((b, j) => b - step[j]);
    while (scale > 1e-6 && !(objective(x, y, candidate, lambda) <= before + 1e-12)) {
      scale /= 2;
      candidate = beta.map((b, j) => b - scale * step[j]);
    }
    let largest = 0;
    for (let j = 0; j < dim; j++) {
      largest = Math.max(largest, Math.abs(candidate[j] - beta[j]));
      beta[j] = candidate[j];
    }
    if (largest < tolerance) {
      converged = true;
      break;
    }
  }
  return { intercept: beta[0], weights: Array.from(beta.slice(1)), iterations, converged };
}

/** Churn probability for each (encoded) row. */
export function predictLogistic(fit: Pick<LogisticFit, 'intercept' | 'weights'>, x: number[][]): number[] {
  return x.map((row) => {
    let z = fit.intercept;
    for (let j = 0; j < row.length; j++) z += fit.weights[j] * row[j];
    return sigmoid(z);
  });
}
