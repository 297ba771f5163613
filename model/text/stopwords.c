/*
 * stopwords.c — the built-in English stop-word list (--stop-words).
 *
 * Our own list of English function words: articles, pronouns, auxiliaries,
 * prepositions, conjunctions and the commonest adverbs; no content words, so
 * topic evidence survives. Invariant: sorted by strcmp, unique, lowercase ASCII,
 * which lets lookups bisect. tests/gen_tfidf_expected.py reads the quoted words
 * below to give scikit-learn the same list.
 */
#include "text/text.h"

#include <string.h>

static const char *const stop_words[] = {
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all",
    "almost", "alone", "along", "already", "also", "although", "always", "am", "among",
    "amongst", "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway",
    "anywhere", "are", "around", "as", "at", "be", "became", "because", "become", "becomes",
    "becoming", "been", "before", "beforehand", "behind", "being", "below", "beside",
    "besides", "between", "beyond", "both", "but", "by", "can", "cannot", "could", "did", "do",
    "does", "doing", "done", "down", "during", "each", "either", "else", "elsewhere", "enough",
    "etc", "even", "ever", "every", "everyone", "everything", "everywhere", "except", "few",
    "for", "former", "formerly", "from", "further", "had", "has", "have", "having", "he",
    "hence", "her", "here", "hereafter", "hereby", "herein", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "ie", "if", "in", "indeed", "instead", "into",
    "is", "it", "its", "itself", "just", "last", "latter", "latterly", "least", "less", "many",
    "may", "me", "meanwhile", "might", "mine", "more", "moreover", "most", "mostly", "much",
    "must", "my", "myself", "namely", "neither", "never", "nevertheless", "next", "no",
    "nobody", "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often",
    "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise", "our", "ours",
    "ourselves", "out", "over", "own", "per", "perhaps", "please", "quite", "rather", "re",
    "said", "same", "say", "says", "seem", "seemed", "seeming", "seems", "several", "she",
    "should", "since", "so", "some", "somehow", "someone", "something", "sometime",
    "sometimes", "somewhere", "still", "such", "than", "that", "the", "their", "theirs",
    "them", "themselves", "then", "thence", "there", "thereafter", "thereby", "therefore",
    "therein", "thereupon", "these", "they", "this", "those", "though", "through",
    "throughout", "thru", "thus", "to", "together", "too", "toward", "towards", "under",
    "unless", "until", "up", "upon", "us", "very", "via", "was", "we", "well", "were", "what",
    "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas", "whereby",
    "wherein", "whereupon", "wherever", "whether", "which", "while", "whither", "who",
    "whoever", "whole", "whom", "whose", "why", "will", "with", "within", "without", "would",
    "yet", "you", "your", "yours", "yourself", "yourselves",
};

#define N_STOP_WORDS (sizeof stop_words / sizeof stop_words[0])

size_t px_stop_word_count(void) { return N_STOP_WORDS; }

const char *px_stop_word(size_t i) { return i < N_STOP_WORDS ? stop_words[i] : NULL; }

int px_is_stop_word(const char *tok, size_t len)
{
    size_t lo = 0, hi = N_STOP_WORDS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *w = stop_words[mid];
        int c = strncmp(w, tok, len);
        if (c == 0)
            c = w[len] == '\0' ? 0 : 1;
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
