//! Shared vocabulary of Portico: typed ids, the clock, the error catalogue,
//! pagination, permissions and locale formatting. No I/O lives here.

pub mod actor;
pub mod clock;
pub mod error;
pub mod event;
pub mod ids;
pub mod locale;
pub mod page;
pub mod perm;
pub mod secret;
pub mod validate;

pub use actor::Actor;
pub use clock::{Clock, MICROS_PER_SECOND, ManualClock, SystemClock, Timestamp};
pub use error::{AppError, ErrorCode, ModuleCode};
pub use event::{Change, Event};
pub use ids::*;
pub use page::{Keyset, ListSpec, Page, PageRequest, SortKey, SortValue};
pub use perm::{PermSet, Permission};
