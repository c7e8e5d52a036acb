<?xml version="1.0" encoding="UTF-8"?>
<!-- The mentions table (a module of xslt/tables/tei-to-tables.xsl): one record per entity element
     inside tei:text, in document order: every persName, placeName and orgName, and every rs and name
     that is not part of one of those. A mention's block number and character offset are counted inside
     its document's tei:text (the blocks once per document, the text nodes of its own block); the
     "position" accumulator answers for large documents and blocks and for the rare mention whose
     block lies outside that tei:text. Records say what the TEI says; tei_toolkit.export.extract
     derives entity, end, the context words, label and suggestion and writes the CSV (per-row string
     work is much cheaper in Python than in saxonche, where one regular expression costs tens of
     microseconds). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <!-- Two counters in one integer. The low part ($chars_part) counts the code points of the text seen
       so far inside tei:text (an offset is the difference of two values); the high part counts the
       text blocks seen so far (any namespace, as tei_toolkit.entities.insert.is_text_block). Saxon
       computes it for a whole batch (every node) the first time it is asked, which costs about as
       much as all the rest of the records: tt:mention-records asks it only for a block that is not
       inside the document's one tei:text (TEI inside a note or p of another document, several text
       elements), where counting inside tei:text alone would not give the same numbers, and for a
       document or block too large to count per mention ($count_limit). -->
  <xsl:accumulator name="position" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//text()" phase="end" select="$value + string-length(.)"/>
    <xsl:accumulator-rule match="*[map:contains($block_set, local-name())]" select="$value + $chars_part"/>
  </xsl:accumulator>

  <!-- The mention records of one document, in document order: each record is preceded by U+FDD1 and
       holds 20 cells separated by U+FDD0 (read by tei_toolkit.export.extract.MENTION_FIELDS):
       document, index, block, block_id, block_index, sentence, element, type, tei_type, ref, key,
       surface, text, start, cert, resp, depth, in_note, in_quote, and the block's text when the mention
       is the first of a run in that block (else empty): Python cuts the context words from it.
       $kinds holds tt:kind of each mention (the documents table counts them too).
       block_index counts the blocks from the start of the document's tei:text up to the mention's
       (the same block as the previous mention: the same number); start counts the characters of
       the block's text nodes before the mention. Both fall back on the accumulator for a large
       document or block, where counting per mention would grow with the square of its size. -->
  <xsl:template name="tt:mention-records">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="document" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <xsl:param name="kinds" as="xs:string*"/>
    <xsl:variable name="text" select="$tei/tei:text[1]"/>
    <xsl:variable name="one_text" select="empty($tei/tei:text[2])"/>
    <xsl:variable name="blocks" select="$text//*[map:contains($block_set, local-name())]"/>
    <!-- counting is linear in the blocks of the document and the text nodes of a block: beyond
         $count_limit of them the accumulator's lookups are cheaper -->
    <xsl:variable name="few_blocks" select="empty($blocks[$count_limit + 1])"/>
    <xsl:variable name="first_block" select="$text ! accumulator-before('position') idiv $chars_part"/>
    <!-- each s numbered among the s of its parent, once per document (evaluated only when a mention is
         in a sentence): counting preceding siblings per mention grows with the square of a paragraph -->
    <xsl:variable name="sentence_numbers" as="map(xs:string, xs:integer)"
        select="map:merge($tei/tei:text//tei:s/.. ! (tei:s ! map:entry(generate-id(.), position())))"/>
    <xsl:iterate select="$mentions">
      <xsl:param name="previous" as="element()?" select="()"/>
      <xsl:param name="previous_index" as="xs:integer?" select="()"/>
      <xsl:param name="previous_small" as="xs:boolean" select="false()"/>
      <xsl:variable name="index" select="position()"/>
      <xsl:variable name="block" select="ancestor::*[map:contains($block_set, local-name())][1]"/>
      <xsl:variable name="same" select="exists($block) and $block is $previous"/>
      <!-- the block is inside the document's only tei:text: count there, without the accumulator -->
      <xsl:variable name="inside" select="$one_text and exists($block) and $block &gt;&gt; $text"/>
      <xsl:variable name="small" as="xs:boolean"
          select="if ($same) then $previous_small
                  else $inside and empty(($block//text())[$count_limit + 1])"/>
      <xsl:variable name="block_index" as="xs:integer?"
          select="if (empty($block)) then ()
                  else if ($same) then $previous_index
                  else if ($inside and $few_blocks) then count($blocks[. &lt;&lt; $block]) + 1
                  else $block ! accumulator-before('position') idiv $chars_part - $first_block"/>
      <xsl:value-of select="$line"/>
      <xsl:value-of separator="{$cell}" select="
          $document,
          string($index),
          string($block ! local-name()),
          string($block/@xml:id),
          string($block_index),
          string(ancestor::tei:s[1][$block is ancestor::*[map:contains($block_set, local-name())][1]]
                 ! $sentence_numbers(generate-id(.))),
          local-name(),
          $kinds[$index],
          string(@type),
          string(@ref),
          string(@key),
          string(.),
          normalize-space(.),
          string(if (empty($block)) then ()
                 else if ($small) then sum($block//text()[. &lt;&lt; current()] ! string-length(.))
                 else current() ! accumulator-before('position') mod $chars_part
                      - $block ! accumulator-before('position') mod $chars_part),
          string(@cert),
          string(@resp),
          string(count(ancestor::*[self::tei:persName or self::tei:placeName or self::tei:orgName
                 or ((self::tei:rs or self::tei:name) and not(ancestor::tei:persName
                     or ancestor::tei:placeName or ancestor::tei:orgName))])),
          string(exists(ancestor::tei:note)),
          string(exists(ancestor::*[self::tei:quote or self::tei:q or self::tei:cit or self::tei:said])),
          ''"/>
      <!-- the block's text, for the first mention of a run in it: its text nodes go to the output as
           they are, which is cheaper than making one string of them -->
      <xsl:if test="not($context_words eq 0 or empty($block) or $block is $previous)">
        <xsl:text>+</xsl:text>
        <xsl:copy-of select="$block//text()"/>
      </xsl:if>
      <xsl:next-iteration>
        <xsl:with-param name="previous" select="$block"/>
        <xsl:with-param name="previous_index" select="$block_index"/>
        <xsl:with-param name="previous_small" select="$small"/>
      </xsl:next-iteration>
    </xsl:iterate>
  </xsl:template>

</xsl:stylesheet>
