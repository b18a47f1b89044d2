package dev.sift.text;

/**
 * One entry of {@code added_tokens} in tokenizer.json: a string that is cut out of the text as a
 * whole and mapped straight to {@code id}, before the model ever sees it.
 *
 * @param content the literal text, e.g. {@code [MASK]}
 * @param id the id it maps to
 * @param singleWord match only where no word character touches it on either side
 * @param leftStrip swallow the whitespace before a match
 * @param rightStrip swallow the whitespace after a match
 * @param normalized match against the normalized text instead of the raw input
 */
record AddedToken(String content, int id, boolean singleWord, boolean leftStrip, boolean rightStrip,
        boolean normalized) {}
