"""Pages of lists that may hold a million rows, read by an index.

Django's Paginator counts every row (COUNT(*) over the whole list) and fetches a
page with OFFSET on the full SELECT, so page 500 of a large list builds 25,000
rows with their joins and subqueries only to throw them away. Here:

- the page's keys are read first, alone: `SELECT id … ORDER BY <the list's order>
  OFFSET n LIMIT per_page + 1`, which an index matching the ORDER BY serves as a
  range scan (index-only where it can), never sorting the table; then the page's
  rows are read by those keys with everything the list prints (joins, annotations,
  prefetches), so the costly part runs for one page, not for the pages skipped;
- the count stops at `exact_up_to`: a small list is counted exactly, a large one
  is "more than 10,000" (the page number still reaches any page: page N is read
  as such, and "next" exists while a row follows the page).

The template API is the Page's: number, has_next, has_previous, next_page_number,
previous_page_number, has_other_pages, paginator.count / num_pages, plus
paginator.exact (False when the count was capped).
"""

from __future__ import annotations

import math

EXACT_UP_TO = 10_000


class LargePaginator:
    def __init__(self, queryset, per_page: int, *, exact_up_to: int | None = None):
        self.queryset = queryset
        self.per_page = per_page
        self.exact_up_to = EXACT_UP_TO if exact_up_to is None else exact_up_to
        self._count: int | None = None
        self.exact = True

    @property
    def count(self) -> int:
        """The number of rows, or exact_up_to + 1 when there are more (then `exact` is False)."""
        if self._count is None:
            keys = self.queryset.order_by().values("pk")
            counted = keys[: self.exact_up_to + 1].count()
            self.exact = counted <= self.exact_up_to
            self._count = counted if self.exact else self.exact_up_to
        return self._count

    @property
    def num_pages(self) -> int | None:
        """The number of pages, None when the count was capped."""
        count = self.count
        if not self.exact:
            return None
        return max(1, math.ceil(count / self.per_page))

    def get_page(self, number) -> LargePage:
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        pages = self.num_pages
        if pages is not None and number > pages:
            number = pages
        keys = self._keys(number)
        if not keys and number > 1:
            # Beyond the end of a list counted only up to the cap (a hand-typed page
            # number): count it in full this once and show its last page.
            self._count, self.exact = self.queryset.order_by().count(), True
            number = self.num_pages
            keys = self._keys(number)
        has_next = len(keys) > self.per_page
        keys = keys[: self.per_page]
        rows = {row.pk: row for row in self.queryset.order_by().filter(pk__in=keys)} if keys else {}
        return LargePage([rows[k] for k in keys if k in rows], number, self, has_next=has_next)

    def _keys(self, number: int) -> list:
        start = (number - 1) * self.per_page
        return list(self.queryset.values_list("pk", flat=True)[start : start + self.per_page + 1])


class LargePage:
    def __init__(self, object_list: list, number: int, paginator: LargePaginator, *, has_next: bool):
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._has_next = has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0
