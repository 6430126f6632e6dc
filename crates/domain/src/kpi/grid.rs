//! A table of values per (group, period).

pub(crate) struct Grid<T> {
    periods: usize,
    cells: Vec<T>,
}

impl<T: Clone + Default> Grid<T> {
    pub fn new(groups: usize, periods: usize) -> Grid<T> {
        Grid { periods, cells: vec![T::default(); groups * periods] }
    }

    pub fn at(&mut self, group: usize, period: usize) -> &mut T {
        &mut self.cells[group * self.periods + period]
    }

    pub fn get(&self, group: usize, period: usize) -> &T {
        &self.cells[group * self.periods + period]
    }
}
