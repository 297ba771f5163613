/* test_vocab.c — the interning table: terms that differ in a single byte at
 * any place (within the 8-byte words and the tails the table compares), or
 * only in length, or hold NUL bytes, get distinct ids; interning again finds
 * the same id; px_vocab_reserve keeps everything findable. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "precis.h"
#include "base/vocab.h"
#include "../bench/flood_terms.h"

static const char base[] = "abcdefghijklmnopqrstuvwxyz";

/* Every prefix of base (lengths 0..24), and each with one byte changed. */
static size_t intern_variants(px_vocab *v, uint32_t *ids)
{
    size_t n = 0;
    char buf[32];
    for (size_t len = 0; len <= 24; len++) {
        ck_assert_int_eq(px_vocab_intern(v, base, len, &ids[n++]), PRECIS_OK);
        for (size_t at = 0; at < len; at++) {
            memcpy(buf, base, len);
            buf[at] = (char)(buf[at] ^ 0x20);
            ck_assert_int_eq(px_vocab_intern(v, buf, len, &ids[n++]), PRECIS_OK);
        }
    }
    return n;
}

START_TEST(test_single_byte_differences_are_distinct)
{
    px_vocab v = {0};
    uint32_t ids[400], again[400];
    size_t n = intern_variants(&v, ids);
    ck_assert_uint_eq(v.n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(ids[i], i);
    ck_assert_uint_eq(intern_variants(&v, again), n);
    ck_assert_uint_eq(v.n, n);
    ck_assert_mem_eq(ids, again, n * sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(px_vocab_find(&v, px_vocab_term(&v, i), px_vocab_term_len(&v, i)), (long)i);
    px_vocab_free(&v);
}
END_TEST

START_TEST(test_nul_bytes_and_lengths)
{
    px_vocab v = {0};
    uint32_t a, b, c, d;
    ck_assert_int_eq(px_vocab_intern(&v, "a", 1, &a), PRECIS_OK);
    ck_assert_int_eq(px_vocab_intern(&v, "a\0", 2, &b), PRECIS_OK);
    ck_assert_int_eq(px_vocab_intern(&v, "a\0\0\0\0\0\0\0\0", 9, &c), PRECIS_OK);
    ck_assert_int_eq(px_vocab_intern(&v, "", 0, &d), PRECIS_OK);
    ck_assert_uint_eq(v.n, 4);
    ck_assert(a != b && b != c && a != c && d != a);
    ck_assert_int_eq(px_vocab_find(&v, "a\0", 2), (long)b);
    ck_assert_int_eq(px_vocab_find(&v, "a\0\0", 3), -1);
    px_vocab_free(&v);
}
END_TEST

START_TEST(test_reserve_then_intern)
{
    px_vocab v = {0};
    uint32_t id;
    ck_assert_int_eq(px_vocab_intern(&v, "before", 6, &id), PRECIS_OK);
    ck_assert_int_eq(px_vocab_reserve(&v, 5000, 5000 * 8), PRECIS_OK);
    ck_assert_uint_ge(v.n_slots, 10000);
    ck_assert_int_eq(px_vocab_find(&v, "before", 6), 0);
    size_t slots = v.n_slots;
    char *pool = v.pool;
    for (int i = 0; i < 4999; i++) {
        char t[16];
        int len = snprintf(t, sizeof t, "t%06d", i); /* 7 bytes + NUL */
        ck_assert_int_eq(px_vocab_intern(&v, t, (size_t)len, &id), PRECIS_OK);
        ck_assert_uint_eq(id, (uint32_t)i + 1);
    }
    ck_assert_uint_eq(v.n_slots, slots); /* reserved: no rehash */
    ck_assert_ptr_eq(v.pool, pool);      /* and no move of the pool */
    ck_assert_int_eq(px_vocab_find(&v, "t004998", 7), 4999);
    ck_assert_int_eq(px_vocab_find(&v, "before", 6), 0);
    px_vocab_free(&v);
}
END_TEST

/* Hash flooding (issue 18, item 2): terms whose unkeyed hashes all share
 * their low 12 bits landed on one run of slots, and every insert probed past
 * all the earlier ones. Under the keyed hash they spread: no term sits far
 * from its home slot. (Before the fix, the displacement here was ~1000.) */
START_TEST(test_colliding_terms_spread)
{
    enum { N = 1000 };
    static char terms[N][9];
    flood_terms(terms, N, 12);
    px_vocab v = {0};
    for (size_t i = 0; i < N; i++) {
        uint32_t id;
        ck_assert_int_eq(px_vocab_intern(&v, terms[i], 8, &id), PRECIS_OK);
        ck_assert_uint_eq(id, i);
    }
    size_t mask = v.n_slots - 1, worst = 0;
    for (size_t s = 0; s < v.n_slots; s++) {
        if (!v.slots[s])
            continue;
        uint32_t id = (uint32_t)v.slots[s] - 1;
        size_t home = v.hash[id] & mask, displacement = (s - home) & mask;
        if (displacement > worst)
            worst = displacement;
    }
    /* Random placement at load 1/2 gives a longest run of a few dozen at
     * most; 1000 colliding terms would give ~1000. */
    ck_assert_msg(worst < 100, "a term sits %zu slots from its home slot", worst);
    px_vocab_free(&v);
}
END_TEST

/* The key is per process: the same term hashes differently in another. */
START_TEST(test_hash_is_keyed_per_process)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    uint32_t mine[4], theirs[4];
    static const char *const words[4] = {"minister", "goal", "a", "abcdefghijklmnopq"};
    for (int i = 0; i < 4; i++)
        mine[i] = px_hash_bytes(words[i], strlen(words[i]));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* A fresh process (exec'd) draws its own key; fork would share ours. */
        char fd[16];
        snprintf(fd, sizeof fd, "%d", fds[1]);
        execl("/proc/self/exe", "test_vocab", "--hash-to-fd", fd, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    ck_assert_int_eq(read(fds[0], theirs, sizeof theirs), (ssize_t)sizeof theirs);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    ck_assert_msg(memcmp(mine, theirs, sizeof mine) != 0, "two processes share a hash key");
}
END_TEST

static Suite *vocab_suite(void)
{
    Suite *s = suite_create("vocab");
    TCase *tc = tcase_create("vocab");
    tcase_add_test(tc, test_single_byte_differences_are_distinct);
    tcase_add_test(tc, test_nul_bytes_and_lengths);
    tcase_add_test(tc, test_reserve_then_intern);
    tcase_add_test(tc, test_colliding_terms_spread);
    tcase_add_test(tc, test_hash_is_keyed_per_process);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    /* The other process of test_hash_is_keyed_per_process. */
    if (argc == 3 && strcmp(argv[1], "--hash-to-fd") == 0) {
        static const char *const words[4] = {"minister", "goal", "a", "abcdefghijklmnopq"};
        uint32_t h[4];
        for (int i = 0; i < 4; i++)
            h[i] = px_hash_bytes(words[i], strlen(words[i]));
        return write(atoi(argv[2]), h, sizeof h) == (ssize_t)sizeof h ? 0 : 1;
    }
    SRunner *sr = srunner_create(vocab_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
