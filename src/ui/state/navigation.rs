//! Moving between plans, pages and views of a page: what leaving a plan forgets, and
//! whether the browser's Back button should return to the view left behind.

use super::super::route::{History, Route};
use super::AppState;

impl AppState {
    pub(super) fn navigate(&mut self, route: Route, history: History) {
        let leaves_plan = self.plan.as_ref().is_some_and(|p| route.plan.as_deref() != Some(p.id.as_str()));
        if leaves_plan {
            self.plan = None;
            self.undo.clear();
            self.redo.clear();
            self.other_tab_changed = false;
            self.reload = None;
            self.last_merge = None;
            self.hxl = None;
            self.incoming = None;
            self.sheet = Default::default();
            self.analyses = Default::default();
            self.analysed = None;
            self.analysing = None;
        }
        self.route = route;
        self.history = history;
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::route::{DataTable, Page, TableSort, TableView};
    use super::super::fixtures::stamp;
    use super::super::{Action, AppState};
    use super::*;
    use crate::model::Plan;

    fn on_data() -> AppState {
        let state = AppState::default().reduce(Action::Created(Plan::new("p", "Plan", "SYR", "USD", &stamp())));
        let route = Route { page: Page::Data, ..state.route.clone() };
        state.reduce(Action::Navigate(route))
    }

    #[test]
    fn a_search_or_sort_replaces_the_history_entry_and_a_new_table_pushes_one() {
        let state = on_data();
        let areas = Route { table: TableView::of(DataTable::Areas), ..state.route.clone() };
        let state = state.reduce(Action::Navigate(areas.clone()));
        assert_eq!(state.history, History::Push);
        let searched = Route {
            table: TableView { sort: Some(TableSort::by("Population", true)), search: "alep".into(), ..areas.table },
            ..areas
        };
        let state = state.reduce(Action::Refine(searched.clone()));
        assert_eq!((state.route.clone(), state.history), (searched, History::Replace));
        assert!(state.plan.is_some(), "refining the view keeps the plan open");
    }

    #[test]
    fn a_plan_created_or_opened_from_the_list_is_a_new_history_entry() {
        // The app starts by writing the URL it was opened on back over its entry.
        let started = AppState::default().reduce(Action::Refine(Route::home()));
        assert_eq!(started.history, History::Replace);
        let created = started.clone().reduce(Action::Created(Plan::new("p", "Plan", "SYR", "USD", &stamp())));
        assert_eq!(
            (created.route.plan.as_deref(), created.history),
            (Some("p"), History::Push),
            "Back returns to the list"
        );
        let opened = started.reduce(Action::Open(Plan::new("q", "Plan", "SYR", "USD", &stamp())));
        assert_eq!((opened.route.plan.as_deref(), opened.history), (Some("q"), History::Push));
    }

    #[test]
    fn the_table_view_outlives_a_visit_to_another_page_and_leaving_the_plan_forgets_it() {
        let mut state = on_data();
        let view = TableView { table: DataTable::Needs, sort: None, search: "SY01".into() };
        let refined = Route { table: view.clone(), ..state.route.clone() };
        state = state.reduce(Action::Refine(refined));
        // The page links are the route with another page: the view goes along.
        for page in [Page::Overview, Page::Data] {
            let next = Route { page, ..state.route.clone() };
            state = state.reduce(Action::Navigate(next));
        }
        assert_eq!(state.route.table, view);
        let state = state.reduce(Action::Close);
        assert_eq!(state.route, Route::home());
        assert_eq!(state.history, History::Push);
    }
}
