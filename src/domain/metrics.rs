//! How well a model grades, against labels people gave: the figures `pothole-bot eval` prints.
//!
//! - the confusion matrix (rows: the label, columns: the model's verdict), over the five
//!   classes in [`Severity::ALL`] order;
//! - accuracy, and precision and recall per class;
//! - **severe recall**: of the potholes people labelled severe, the share the model called
//!   severe — a missed severe pothole is the costly error;
//! - quadratic-weighted Cohen's kappa on the ordinal scale minor < moderate < severe, over the
//!   images both people and model called a pothole (1 = full agreement, 0 = chance);
//! - cost and latency per image (mean, p50, p95; percentiles by nearest rank).

use super::Severity;

/// One graded image: its label and the model's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub label: Severity,
    pub verdict: Severity,
}

fn index(s: Severity) -> usize {
    Severity::ALL
        .iter()
        .position(|x| *x == s)
        .expect("every severity is in ALL")
}

/// Counts of (label, verdict), rows and columns in [`Severity::ALL`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    pub counts: [[u64; 5]; 5],
}

impl Confusion {
    pub fn from_pairs(pairs: impl IntoIterator<Item = Pair>) -> Confusion {
        let mut c = Confusion::default();
        for p in pairs {
            c.add(p);
        }
        c
    }

    pub fn add(&mut self, p: Pair) {
        self.counts[index(p.label)][index(p.verdict)] += 1;
    }

    pub fn get(&self, label: Severity, verdict: Severity) -> u64 {
        self.counts[index(label)][index(verdict)]
    }

    pub fn n(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    fn correct(&self) -> u64 {
        (0..5).map(|i| self.counts[i][i]).sum()
    }

    /// Share of verdicts equal to the label; `None` with no images.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.correct(), self.n())
    }

    /// Of the images the model put in `class`, the share that belong there.
    pub fn precision(&self, class: Severity) -> Option<f64> {
        let j = index(class);
        let predicted: u64 = (0..5).map(|i| self.counts[i][j]).sum();
        ratio(self.counts[j][j], predicted)
    }

    /// Of the images labelled `class`, the share the model put there.
    pub fn recall(&self, class: Severity) -> Option<f64> {
        let i = index(class);
        let labelled: u64 = self.counts[i].iter().sum();
        ratio(self.counts[i][i], labelled)
    }

    /// Images labelled `class`.
    pub fn support(&self, class: Severity) -> u64 {
        self.counts[index(class)].iter().sum()
    }

    /// Quadratic-weighted Cohen's kappa over minor < moderate < severe, counting only images
    /// that both label and verdict call a pothole. `None` when it is undefined (no such
    /// images, or all of them in one class on both sides).
    pub fn quadratic_kappa(&self) -> Option<f64> {
        const ORDINAL: [Severity; 3] = [Severity::Minor, Severity::Moderate, Severity::Severe];
        let k = ORDINAL.len();
        let observed: Vec<Vec<f64>> = ORDINAL
            .iter()
            .map(|&t| ORDINAL.iter().map(|&p| self.get(t, p) as f64).collect())
            .collect();
        let n: f64 = observed.iter().flatten().sum();
        if n == 0.0 {
            return None;
        }
        let rows: Vec<f64> = observed.iter().map(|r| r.iter().sum()).collect();
        let cols: Vec<f64> = (0..k)
            .map(|j| observed.iter().map(|r| r[j]).sum())
            .collect();
        let (mut num, mut den) = (0.0, 0.0);
        for i in 0..k {
            for j in 0..k {
                let w = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
                num += w * observed[i][j];
                den += w * rows[i] * cols[j] / n;
            }
        }
        (den > 0.0).then(|| 1.0 - num / den)
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// The `p`-th percentile (0 < p ≤ 100) by nearest rank: the smallest value with at least p %
/// of the values at or below it. `None` for no values.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

/// The mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Severity::*;

    fn pairs(list: &[(Severity, Severity)]) -> Confusion {
        Confusion::from_pairs(list.iter().map(|&(label, verdict)| Pair { label, verdict }))
    }

    #[test]
    fn accuracy_precision_and_recall_by_hand() {
        // Labels: 3 severe, 2 moderate, 1 not_pothole.
        // The model: severe→severe ×2, severe→moderate, moderate→moderate, moderate→severe,
        // not_pothole→minor.
        let c = pairs(&[
            (Severe, Severe),
            (Severe, Severe),
            (Severe, Moderate),
            (Moderate, Moderate),
            (Moderate, Severe),
            (NotPothole, Minor),
        ]);
        assert_eq!(c.n(), 6);
        assert_eq!(c.accuracy(), Some(3.0 / 6.0));
        // Severe: 2 of 3 labelled severe found; 2 of 3 called severe right.
        assert_eq!(c.recall(Severe), Some(2.0 / 3.0));
        assert_eq!(c.precision(Severe), Some(2.0 / 3.0));
        assert_eq!(c.recall(Moderate), Some(0.5));
        assert_eq!(c.precision(Moderate), Some(0.5));
        assert_eq!(c.precision(Minor), Some(0.0));
        assert_eq!(c.recall(Minor), None);
        assert_eq!(c.recall(Unclear), None);
        assert_eq!(c.get(NotPothole, Minor), 1);
        assert_eq!(c.support(Severe), 3);
    }

    #[test]
    fn quadratic_kappa_by_hand() {
        // Ordinal indices: labels [0, 0, 1, 2], verdicts [0, 1, 1, 2]. Weights (i-j)²/4.
        // Observed weighted disagreement: 0.25 (one 0→1). Expected from the margins
        // (labels 2,1,1; verdicts 1,2,1; n = 4): 0.75 + 0.125 + 0.375 = 1.25.
        // Kappa = 1 - 0.25 / 1.25 = 0.8.
        let c = pairs(&[
            (Minor, Minor),
            (Minor, Moderate),
            (Moderate, Moderate),
            (Severe, Severe),
            // Ignored by kappa: not a pothole on one side.
            (NotPothole, Severe),
            (Severe, Unclear),
        ]);
        let k = c.quadratic_kappa().unwrap();
        assert!((k - 0.8).abs() < 1e-12, "{k}");
    }

    #[test]
    fn kappa_is_one_for_full_agreement_and_negative_for_reversal() {
        let perfect = pairs(&[(Minor, Minor), (Moderate, Moderate), (Severe, Severe)]);
        assert_eq!(perfect.quadratic_kappa(), Some(1.0));
        // minor↔severe swapped: labels [0, 2], verdicts [2, 0]. Observed: 2 × 1 = 2;
        // expected: margins 1,0,1 each side, n = 2 → (1·1·1 + 1·1·1)/2 = 1. Kappa = 1 - 2 = -1.
        let reversed = pairs(&[(Minor, Severe), (Severe, Minor)]);
        assert_eq!(reversed.quadratic_kappa(), Some(-1.0));
        assert_eq!(pairs(&[]).quadratic_kappa(), None);
        assert_eq!(pairs(&[(Severe, Severe)]).quadratic_kappa(), None);
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v = [500.0, 100.0, 300.0, 200.0, 400.0];
        assert_eq!(percentile(&v, 50.0), Some(300.0));
        assert_eq!(percentile(&v, 95.0), Some(500.0));
        assert_eq!(percentile(&v, 20.0), Some(100.0));
        assert_eq!(percentile(&[7.0], 95.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
        // 20 values 1..=20: p95 is the 19th.
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&v, 95.0), Some(19.0));
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn an_empty_matrix_has_no_figures() {
        let c = Confusion::default();
        assert_eq!((c.n(), c.accuracy(), c.recall(Severe)), (0, None, None));
    }
}
