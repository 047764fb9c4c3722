//! How far a run has got, and the progress bar that shows it.
//!
//! A large docs site can take half a minute to check on a laptop, and a
//! silent half minute looks like a hang. The engine keeps a few counters that
//! cost one relaxed atomic add per post; the CLI polls them from its own thread
//! and draws a bar on stderr, only when stderr is a terminal and only once a
//! run has lasted long enough to be worth one. Nothing is drawn into pipes,
//! CI logs or editors, and the engine never learns how the bar looks.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A run's progress, shared between the engine (which counts) and whoever
/// shows it (which reads). All counts only grow.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    posts: AtomicUsize,
    read: AtomicUsize,
    rules: AtomicUsize,
    compared: AtomicUsize,
}

/// The parts of a run, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Walking the folders for posts.
    Finding,
    /// Reading, parsing and checking each post on its own.
    Reading,
    /// The corpus rules, which compare posts with each other.
    Comparing,
    Done,
}

impl Progress {
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Finding,
            1 => Stage::Reading,
            2 => Stage::Comparing,
            _ => Stage::Done,
        }
    }

    /// `posts` were found and are about to be read.
    pub fn reading(&self, posts: usize) {
        self.posts.store(posts, Ordering::Relaxed);
        self.stage.store(1, Ordering::Relaxed);
    }

    /// One more post was read and checked (or failed to be).
    pub fn read_one(&self) {
        self.read.fetch_add(1, Ordering::Relaxed);
    }

    /// Every post is read; `rules` corpus rules now compare them.
    pub fn comparing(&self, rules: usize) {
        self.rules.store(rules, Ordering::Relaxed);
        self.stage.store(2, Ordering::Relaxed);
    }

    /// One more corpus rule has finished.
    pub fn compared_one(&self) {
        self.compared.fetch_add(1, Ordering::Relaxed);
    }

    pub fn done(&self) {
        self.stage.store(3, Ordering::Relaxed);
    }

    /// (done, total) for the current stage.
    pub fn counts(&self) -> (usize, usize) {
        let load = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        match self.stage() {
            Stage::Finding => (0, 0),
            Stage::Reading => (load(&self.read), load(&self.posts)),
            Stage::Comparing | Stage::Done => (load(&self.compared), load(&self.rules)),
        }
    }
}

/// Runs `work` while drawing `progress` on stderr, if `show` (stderr is a
/// terminal and the user did not ask for quiet). The bar appears only after
/// a second (`DELAY`), so quick runs, the common case in a pre-commit hook,
/// print nothing extra, and it is gone before `work`'s result is printed.
pub fn show_while<T>(progress: &Progress, show: bool, work: impl FnOnce() -> T) -> T {
    if !show {
        return work();
    }
    std::thread::scope(|scope| {
        scope.spawn(|| draw(progress));
        let result = work();
        progress.done();
        result
    })
}

/// How long a run goes before it earns a progress bar.
const DELAY: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(80);

fn draw(progress: &Progress) {
    let started = Instant::now();
    while started.elapsed() < DELAY {
        if progress.stage() == Stage::Done {
            return;
        }
        std::thread::sleep(TICK);
    }
    // The templates are constants; a default bar is the fallback should a
    // future indicatif refuse one.
    let style = |template: &str| {
        ProgressStyle::with_template(template)
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
    };
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(style("{spinner} finding posts"));
    let mut shown = Stage::Finding;
    loop {
        let stage = progress.stage();
        if stage == Stage::Done {
            break;
        }
        if stage != shown {
            let unit = if stage == Stage::Reading {
                "posts"
            } else {
                "cross-post rules"
            };
            let verb = if stage == Stage::Reading {
                "reading"
            } else {
                "comparing"
            };
            bar.set_style(style(&format!(
                "{{spinner}} {verb:>9} [{{bar:30}}] {{pos}}/{{len}} {unit}"
            )));
            shown = stage;
        }
        let (done, total) = progress.counts();
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.tick();
        std::thread::sleep(TICK);
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_stage() {
        let p = Progress::default();
        assert_eq!((p.stage(), p.counts()), (Stage::Finding, (0, 0)));
        p.reading(3);
        p.read_one();
        assert_eq!((p.stage(), p.counts()), (Stage::Reading, (1, 3)));
        p.comparing(2);
        p.compared_one();
        assert_eq!((p.stage(), p.counts()), (Stage::Comparing, (1, 2)));
        p.done();
        assert_eq!(p.stage(), Stage::Done);
    }

    #[test]
    fn the_work_s_result_is_returned_and_the_drawing_thread_ends() {
        let p = Progress::default();
        assert_eq!(show_while(&p, true, || 7), 7);
        assert_eq!(p.stage(), Stage::Done);
    }
}
