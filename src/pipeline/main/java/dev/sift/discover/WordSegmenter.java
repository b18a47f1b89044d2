package dev.sift.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import com.hankcs.hanlp.seg.common.Term;
import com.huaban.analysis.jieba.JiebaSegmenter;

/** Splits a text into the terms that may describe a cluster; which segmenter is the {@code --keywords} option. */
public interface WordSegmenter {
    List<String> terms(String text);

    static WordSegmenter named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "hanlp" -> new HanLpWords();
            case "jieba" -> new JiebaWords();
            case "chars" -> new CharBigrams();
            default -> throw new BadInputException("--keywords must be hanlp, jieba or chars, got '" + name + "'");
        };
    }

    /**
     * A term worth showing: two or more characters (single Chinese characters are mostly
     * particles, or sentiment that every cluster shares), at least one letter, not a stop word.
     */
    static boolean describes(String word) {
        if (word.codePointCount(0, word.length()) < 2) {
            return false;
        }
        boolean letter = word.codePoints().anyMatch(Character::isLetter);
        return letter && !word.codePoints().allMatch(c -> c < 128 && !Character.isLetter(c));
    }

    /**
     * HanLP portable (its default segmenter with part-of-speech tags): nouns, verbs, adjectives and
     * idioms are kept, HanLP's own stop words and function words dropped.
     */
    final class HanLpWords implements WordSegmenter {
        @Override
        public List<String> terms(String text) {
            List<String> terms = new ArrayList<>();
            for (Term term : HanLP.segment(text)) {
                String pos = term.nature == null ? "" : term.nature.toString();
                boolean content = pos.startsWith("n") || pos.startsWith("v") || pos.startsWith("a")
                        || pos.startsWith("i") || pos.startsWith("l") || pos.startsWith("g");
                if (content && WordSegmenter.describes(term.word) && !CoreStopWordDictionary.contains(term.word)) {
                    terms.add(term.word.toLowerCase(Locale.ROOT));
                }
            }
            return terms;
        }
    }

    /** The jieba Java port (dictionary + HMM for unknown words); no part of speech, so only the length and letter filter. */
    final class JiebaWords implements WordSegmenter {
        private final JiebaSegmenter jieba = new JiebaSegmenter();

        @Override
        public List<String> terms(String text) {
            List<String> terms = new ArrayList<>();
            for (String word : jieba.sentenceProcess(text)) {
                if (WordSegmenter.describes(word.trim()) && !CoreStopWordDictionary.contains(word.trim())) {
                    terms.add(word.trim().toLowerCase(Locale.ROOT));
                }
            }
            return terms;
        }
    }

    /** The fallback without a dictionary: overlapping pairs of letters (CJK or Latin), nothing across punctuation. */
    final class CharBigrams implements WordSegmenter {
        @Override
        public List<String> terms(String text) {
            List<String> terms = new ArrayList<>();
            int[] cps = text.toLowerCase(Locale.ROOT).codePoints().toArray();
            for (int i = 0; i + 1 < cps.length; i++) {
                if (Character.isLetter(cps[i]) && Character.isLetter(cps[i + 1])) {
                    terms.add(new String(cps, i, 2));
                }
            }
            return terms;
        }
    }
}
