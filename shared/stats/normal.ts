/** Standard normal quantiles used throughout: 95 % two-sided confidence and 80 % power. */
export const Z_95 = 1.959963984540054;
export const Z_POWER_80 = 0.8416212335729143;

/**
 * Standard normal cumulative distribution Φ(x), via the complementary error function (W. J. Cody's rational
 * approximation as given in Numerical Recipes `erfcc`; absolute error below 1.2e-7 everywhere — ample for p-values
 * shown with three decimals).
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
