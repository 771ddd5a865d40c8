//! Shared code of the benchmarks: the synthetic corpus generator and the judged query set with
//! its relevance metrics.
pub mod corpus;
pub mod judged;
