"""Exports the most frequent English words of wordfreq as "word<TAB>frequency".

The first step of rebuilding src/text/background-en.tsv (see
src/text/background-en.NOTICE.md): `pip install wordfreq==3.1.1`, then
`python3 scripts/background-words.py 50000 > /tmp/words-en.tsv`, then
`POSTLINT_BACKGROUND_WORDS=/tmp/words-en.tsv cargo test --lib regenerate_background_table -- --ignored`,
which stems the words with postlint's own analyzer so that the table is keyed
exactly as the rules key terms.
"""
import re
import sys

from wordfreq import top_n_list, word_frequency

n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
for word in top_n_list("en", n, wordlist="large"):
    folded = word.replace("\u2019", "'")
    # Words only: numbers, symbols and emoji are not terms of the table.
    if re.fullmatch(r"[a-z]+(?:'[a-z]+)*", folded):
        print(f"{folded}\t{word_frequency(word, 'en', wordlist='large'):.6e}")
