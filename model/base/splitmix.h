/*
 * splitmix.h — splitmix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", 2014), the library's small deterministic
 * generator (private).
 *
 * For the places that need many cheap, well-mixed numbers from a seed and a
 * sequence identical on every machine: the solvers' visiting orders (so a
 * model never depends on the thread count) and temporary file names. Fold
 * assignment uses GSL's Mersenne Twister (classify/crossval.c) instead; its
 * sequence is part of the models already written.
 */
#ifndef PRECIS_SPLITMIX_H
#define PRECIS_SPLITMIX_H

#include <stdint.h>

/* Advances *state and returns the next number. */
static inline uint64_t px_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

#endif
