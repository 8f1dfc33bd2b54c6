package org.trustmall.commerce.catalogue;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * One analyzer for Chinese and English text alike. Chinese has no spaces between words, so runs of Han (and kana,
 * hangul) characters become overlapping bigrams — 无线蓝牙耳机 → 无线 线蓝 蓝牙 牙耳 耳机 — and any query word of two or
 * more characters matches wherever it occurs; full-width Latin letters and half-width kana are folded first.
 * English words are lower-cased, stripped of possessives and stop words, and lightly stemmed (KStem: plurals and
 * common suffixes, dictionary-checked), so "headphone" finds "Headphones" and "shoe" finds "Shoes".
 *
 * <p>The index side also keeps each Han character as a unigram, so a one-character query (机) still matches; the
 * query side forms bigrams only (a lone character stays a unigram), so a longer query is not diluted into single
 * characters.
 */
final class CatalogueAnalyzer extends Analyzer {
    private final boolean indexing;

    private CatalogueAnalyzer(boolean indexing) {
        this.indexing = indexing;
    }

    static CatalogueAnalyzer forIndexing() {
        return new CatalogueAnalyzer(true);
    }

    static CatalogueAnalyzer forQueries() {
        return new CatalogueAnalyzer(false);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new CJKBigramFilter(stream, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, indexing);
        stream = new EnglishPossessiveFilter(stream);
        stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        stream = new KStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(new CJKWidthFilter(in));
    }
}
