/*
 * comm.h — moving bytes between the processes of one training job (private
 * helpers over the public precis_comm).
 *
 * Nothing here does floating-point arithmetic: doubles are only moved, and
 * every sum of doubles is made by the caller, in a fixed order. Integer sums
 * (counts) are exact in any order.
 */
#ifndef PRECIS_COMM_H
#define PRECIS_COMM_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* The last rank: where the ordered chains end, and the one that owns the
 * solver's parameter-space work. */
static inline int px_comm_last(const precis_comm *c) { return c->size - 1; }

/* Every rank's `len` bytes, concatenated in rank order, to every rank:
 * *all (px_malloc'd, caller frees) and lens[size] (px_malloc'd). */
int px_comm_allgatherv(const precis_comm *c, const void *mine, size_t len, char **all,
                       size_t **lens);
/* v[0..n) summed over the ranks (exact: integers), on every rank. */
int px_comm_sum_u64(const precis_comm *c, uint64_t *v, size_t n);
/* Rank root's len bytes to every rank; 0 or -1. */
int px_comm_bcast(const precis_comm *c, int root, void *buf, size_t len);
int px_comm_send(const precis_comm *c, int to, const void *buf, size_t len);
int px_comm_recv(const precis_comm *c, int from, void *buf, size_t len);

/* n 8-byte words (doubles' bit patterns) sent as a bitmap of the words that
 * are not all-zero bits, then those words only: exact whatever the values
 * (no comparison of doubles; a zero word is restored as zero bits). Both
 * ends pass scratch of px_comm_packed_words(n) words. 0 or -1. */
size_t px_comm_packed_words(size_t n);
int px_comm_send_packed(const precis_comm *c, int to, const void *v, size_t n,
                        uint64_t *scratch);
int px_comm_recv_packed(const precis_comm *c, int from, void *v, size_t n,
                        uint64_t *scratch);

#endif
