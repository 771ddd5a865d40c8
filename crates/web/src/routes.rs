//! The route table. Every route is registered through `Routes` and the method functions here
//! (`get`, `post`, `put`, `delete`), which build the axum `Router` and at the same time record
//! each (method, path) — axum's `Router` cannot list its routes. `crate::route_table()` returns the
//! record; the authorisation matrix test (`tests/it/authz_matrix`) requires an expected outcome
//! for every entry, so a new route cannot go unjudged. That test also checks that no code in
//! this crate uses `axum::routing` or `Router::new` outside this file, so there is no other way to
//! add a route.
use crate::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;

/// A router under construction, with the (method, path) of every route it holds.
#[must_use]
pub(crate) struct Routes {
    router: Router<AppState>,
    table: Vec<(Method, String)>,
}

/// The handlers of one path, with the methods they answer.
#[must_use]
pub(crate) struct Methods {
    inner: MethodRouter<AppState>,
    methods: Vec<Method>,
}

macro_rules! method {
    ($fn:ident, $method:ident) => {
        pub(crate) fn $fn<H: Handler<T, AppState>, T: 'static>(handler: H) -> Methods {
            Methods { inner: axum::routing::$fn(handler), methods: vec![Method::$method] }
        }

        impl Methods {
            #[allow(dead_code)] // not every method is chained today
            pub(crate) fn $fn<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> Self {
                self.inner = self.inner.$fn(handler);
                self.methods.push(Method::$method);
                self
            }
        }
    };
}

method!(get, GET);
method!(post, POST);
method!(put, PUT);
method!(delete, DELETE);

impl Methods {
    /// A larger (or smaller) body limit than `crate::BODY_LIMIT` for these handlers (uploads).
    pub(crate) fn body_limit(mut self, bytes: usize) -> Self {
        self.inner = self.inner.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

impl Routes {
    pub(crate) fn new() -> Self {
        Routes { router: Router::new(), table: Vec::new() }
    }

    pub(crate) fn route(mut self, path: &str, methods: Methods) -> Self {
        self.table.extend(methods.methods.into_iter().map(|m| (m, path.to_owned())));
        self.router = self.router.route(path, methods.inner);
        self
    }

    pub(crate) fn merge(mut self, other: Routes) -> Self {
        self.table.extend(other.table);
        self.router = self.router.merge(other.router);
        self
    }

    pub(crate) fn nest(mut self, prefix: &str, other: Routes) -> Self {
        self.table.extend(other.table.into_iter().map(|(m, p)| (m, format!("{prefix}{p}"))));
        self.router = self.router.nest(prefix, other.router);
        self
    }

    pub(crate) fn fallback<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.fallback(handler);
        self
    }

    pub(crate) fn method_not_allowed_fallback<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.method_not_allowed_fallback(handler);
        self
    }

    pub(crate) fn into_parts(self) -> (Router<AppState>, Vec<(Method, String)>) {
        (self.router, self.table)
    }
}
