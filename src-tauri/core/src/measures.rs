//! Published measures of agreement on an ordered scale: Tastle & Wierman's consensus (Cns)
//! and van der Eijk's agreement (A). Both take frequencies over k ≥ 3 ordered categories.
//!
//! - Tastle, W. J. & Wierman, M. J. (2007). Consensus and dissention: a measure of ordinal
//!   dispersion. International Journal of Approximate Reasoning 45, 531–545.
//! - van der Eijk, C. (2001). Measuring agreement in ordered rating scales. Quality &
//!   Quantity 35, 325–341.

/// Fewer counted positions than this and a topic is flagged "too few positions".
pub const MIN_POSITIONS: u64 = 3;

/// Tastle & Wierman's `Cns = 1 + Σ pᵢ·log₂(1 − |Xᵢ − μ| / (k − 1))`, with categories
/// Xᵢ = 1…k. 1 when everyone is in one category, 0 when split between the two extremes.
/// `None` when nothing was counted or k < 3.
pub fn consensus_cns(freqs: &[u64]) -> Option<f64> {
    let k = freqs.len();
    let n: u64 = freqs.iter().sum();
    if k < 3 || n == 0 {
        return None;
    }
    let width = (k - 1) as f64;
    let p = |i: usize| freqs[i] as f64 / n as f64;
    let mean: f64 = (0..k).map(|i| p(i) * (i + 1) as f64).sum();
    let sum: f64 = (0..k)
        .filter(|&i| freqs[i] > 0)
        .map(|i| {
            let x = 1.0 - ((i + 1) as f64 - mean).abs() / width;
            // |Xᵢ − μ| = k − 1 only when all weight sits at the other extreme, where pᵢ = 0.
            p(i) * x.max(f64::MIN_POSITIVE).log2()
        })
        .sum();
    Some(1.0 + sum)
}

/// van der Eijk's agreement A: −1 (polarised) … 0 (uniform) … 1 (unanimous). `None` when
/// nothing was counted or k < 3.
pub fn agreement_a(freqs: &[u64]) -> Option<f64> {
    let k = freqs.len();
    let n: u64 = freqs.iter().sum();
    if k < 3 || n == 0 {
        return None;
    }
    // Split the distribution into layers by repeatedly taking away the smallest non-zero
    // count from every non-empty category; each layer is a 0/1 pattern with a weight.
    let mut rest = freqs.to_vec();
    let mut total = 0.0;
    while let Some(min) = rest.iter().copied().filter(|&c| c > 0).min() {
        let pattern: Vec<bool> = rest.iter().map(|&c| c > 0).collect();
        let s = pattern.iter().filter(|&&b| b).count();
        // In floating point: `min × s` can pass u64::MAX for counts near it.
        let weight = min as f64 * s as f64 / n as f64;
        total += weight * layer_agreement(&pattern);
        for c in rest.iter_mut().filter(|c| **c > 0) {
            *c -= min;
        }
    }
    Some(total)
}

/// A for one layer: `U·(1 − (S − 1)/(K − 1))` with U from the 110/011 (TU) and 101 (TDU)
/// triples among all ordered triples of categories.
fn layer_agreement(pattern: &[bool]) -> f64 {
    let k = pattern.len();
    let s = pattern.iter().filter(|&&b| b).count();
    if s == 1 {
        return 1.0;
    }
    let (mut tu, mut tdu) = (0u64, 0u64);
    for i in 0..k {
        for j in i + 1..k {
            for l in j + 1..k {
                match (pattern[i], pattern[j], pattern[l]) {
                    (true, true, false) | (false, true, true) => tu += 1,
                    (true, false, true) => tdu += 1,
                    _ => {}
                }
            }
        }
    }
    if tu + tdu == 0 {
        return 0.0;
    }
    let (kf, tu, tdu) = (k as f64, tu as f64, tdu as f64);
    let u = ((kf - 2.0) * tu - (kf - 1.0) * tdu) / ((kf - 2.0) * (tu + tdu));
    u * (1.0 - (s as f64 - 1.0) / (kf - 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.0005
    }

    /// The worked example of van der Eijk (2001) on a 7-point scale.
    const PUBLISHED: [u64; 7] = [30, 40, 210, 130, 530, 50, 10];

    #[test]
    fn published_example_to_three_decimals() {
        let a = agreement_a(&PUBLISHED).unwrap();
        let cns = consensus_cns(&PUBLISHED).unwrap();
        assert!(close(a, 0.6113), "A = {a}");
        assert!(close(cns, 0.7257), "Cns = {cns}");
    }

    #[test]
    fn unanimity_polarisation_and_uniformity() {
        for k in [3, 5, 7] {
            let mut one = vec![0; k];
            one[k / 2] = 9;
            assert_eq!(agreement_a(&one), Some(1.0));
            assert!(close(consensus_cns(&one).unwrap(), 1.0));
            let mut split = vec![0; k];
            split[0] = 4;
            split[k - 1] = 4;
            assert!(close(agreement_a(&split).unwrap(), -1.0), "k={k}: {:?}", agreement_a(&split));
            assert!(close(consensus_cns(&split).unwrap(), 0.0));
            let uniform = vec![3; k];
            assert!(close(agreement_a(&uniform).unwrap(), 0.0));
        }
    }

    #[test]
    fn nothing_counted_or_too_few_categories_gives_none() {
        assert_eq!(agreement_a(&[0, 0, 0, 0, 0]), None);
        assert_eq!(consensus_cns(&[0, 0, 0, 0, 0]), None);
        assert_eq!(agreement_a(&[1, 2]), None);
    }

    #[test]
    fn measures_stay_in_range() {
        // Every distribution of up to 4 positions over 5 points.
        let mut f = [0u64; 5];
        for code in 0..5u32.pow(5) {
            let mut c = code;
            for slot in f.iter_mut() {
                *slot = (c % 5) as u64;
                c /= 5;
            }
            if let Some(a) = agreement_a(&f) {
                assert!((-1.0 - 1e-9..=1.0 + 1e-9).contains(&a), "{f:?}: A = {a}");
            }
            if let Some(cns) = consensus_cns(&f) {
                assert!((-1e-9..=1.0 + 1e-9).contains(&cns), "{f:?}: Cns = {cns}");
            }
        }
    }
}
