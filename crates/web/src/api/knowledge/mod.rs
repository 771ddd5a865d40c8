//! API handlers of the knowledge base: knowledge products, search, practice questions, approaches,
//! kwesties and stories.
pub(super) mod practice;
pub(super) mod products;
pub(super) mod search;
pub(super) mod stories;
