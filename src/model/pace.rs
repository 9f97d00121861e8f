//! Long work in parts: a million sales take a second or more to check or encode, and the screen
//! must be given back every few milliseconds. Such work is written once, as an `async` function
//! that awaits [`Pacer::tick`] as it goes; the browser's pacer lets a frame through (and shows
//! progress) when enough has been done, and [`at_once`] runs the same function straight through
//! where there is no screen to keep alive (tests, small books, native tools).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// How much of a long job is done: `done` of `total` units (records).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Units done.
    pub done: u64,
    /// Units in the whole job (at least `done`).
    pub total: u64,
}

impl Progress {
    /// Done as a share from 0 to 1 (1 for a job of nothing).
    pub fn share(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }
}

/// What a [`Pacer`] awaits when enough has been done: given how far the job is.
pub type PauseFn<'a> = dyn FnMut(Progress) -> std::pin::Pin<Box<dyn Future<Output = ()>>> + 'a;

/// Counts work and pauses after every `every` units.
pub struct Pacer<'a> {
    pause: Option<&'a mut PauseFn<'a>>,
    every: u64,
    since: u64,
    progress: Progress,
}

impl<'a> Pacer<'a> {
    /// A pacer that awaits `pause` after every `every` units of a job of `total` units.
    pub fn new(total: u64, every: u64, pause: &'a mut PauseFn<'a>) -> Pacer<'a> {
        Pacer {
            pause: Some(pause),
            every: every.max(1),
            since: 0,
            progress: Progress { done: 0, total },
        }
    }

    /// A pacer that never pauses, for [`at_once`].
    pub fn none() -> Pacer<'static> {
        Pacer {
            pause: None,
            every: u64::MAX,
            since: 0,
            progress: Progress::default(),
        }
    }

    /// Counts `units` more done; pauses when enough has been done since the last pause.
    pub async fn tick(&mut self, units: u64) {
        self.since += units;
        self.progress.done += units;
        self.progress.total = self.progress.total.max(self.progress.done);
        if self.since >= self.every {
            self.since = 0;
            if let Some(pause) = self.pause.as_mut() {
                pause(self.progress).await;
            }
        }
    }

    /// Where the job stands.
    pub fn progress(&self) -> Progress {
        self.progress
    }
}

/// Runs `job` straight through. For jobs whose only awaits are [`Pacer::tick`]s of
/// [`Pacer::none`] (or of pauses that do not wait): one poll finishes them.
pub fn at_once<T>(job: impl Future<Output = T>) -> T {
    let mut job = pin!(job);
    match job.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        // Only reached if a job awaited something other than a no-wait pause: a bug in the
        // caller, caught by every test that runs it.
        Poll::Pending => unreachable!("a job run at once waited"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_every_n_units_and_reports_progress() {
        let mut seen = Vec::new();
        let mut pause = |p: Progress| -> std::pin::Pin<Box<dyn Future<Output = ()>>> {
            seen.push(p.done);
            Box::pin(std::future::ready(()))
        };
        let done = at_once(async {
            let mut pacer = Pacer::new(10, 3, &mut pause);
            for _ in 0..10 {
                pacer.tick(1).await;
            }
            pacer.progress()
        });
        assert_eq!(
            done,
            Progress {
                done: 10,
                total: 10
            }
        );
        assert_eq!(seen, [3, 6, 9]);
        assert_eq!(Progress { done: 1, total: 4 }.share(), 0.25);
        assert_eq!(Progress::default().share(), 1.0);
    }
}
