/*
 * units.h — selection units (private: units.c owns them; summarize.c selects
 * by them).
 */
#ifndef PRECIS_UNITS_H
#define PRECIS_UNITS_H

#include <stddef.h>

#include "precis.h"

/* For every body sentence r, the unit [first[r], last[r]] it belongs to: a
 * quotation that spans sentences, with its attribution, is one unit (see
 * units.c for the rules); every other sentence is a unit of its own. first
 * and last hold a->n_sentences entries each. */
void px_selection_units(const precis_article *a, const unsigned char *active, size_t *first,
                        size_t *last);

#endif
