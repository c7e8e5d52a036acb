<?xml version="1.0" encoding="UTF-8"?>
<!-- The mentions table: one row per entity element inside tei:text, in document order: every persName,
     placeName and orgName, and every rs and name that is not part of one of those. One pass: the
     "chars" and "blocks" accumulators give character offsets and block numbers, so no row counts
     its preceding nodes. Rows say what the TEI says; tei_toolkit.export.extract derives type, entity,
     text, end and the context words from them, and the aggregator adds label and suggestion. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="tables/functions.xsl"/>
  <xsl:output method="text"/>
  <xsl:mode use-accumulators="#all"/>

  <!-- Code points of text seen so far: an offset is the difference of two values. -->
  <xsl:accumulator name="chars" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text()" phase="end" select="$value + string-length(.)"/>
  </xsl:accumulator>
  <!-- Text blocks seen so far (any namespace, as tei_toolkit.entities.insert.is_text_block). -->
  <xsl:accumulator name="blocks" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[local-name() = $block_names]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:variable name="columns" select="('index', 'document', 'block', 'block_id', 'block_index', 'sentence',
      'element', 'tei_type', 'ref', 'key', 'surface', 'start', 'cert', 'resp', 'depth', 'in_note',
      'in_quote', 'left', 'right')"/>
  <!-- Raw context window on each side: 40 characters per word, plus one to see a cut word. -->
  <xsl:variable name="width" as="xs:integer" select="if ($context_words gt 0) then 40 * $context_words + 1 else 0"/>

  <xsl:template match="/">
    <xsl:value-of select="string-join($columns, $cell)"/>
    <xsl:for-each select="tt:documents(.)">
      <xsl:variable name="document" select="tt:document-id(.)"/>
      <xsl:variable name="text_blocks" select="tei:text[1] ! accumulator-before('blocks')"/>
      <xsl:for-each select="tei:text//*[self::tei:persName or self::tei:placeName or self::tei:orgName
                            or ((self::tei:rs or self::tei:name) and not(ancestor::tei:persName
                                or ancestor::tei:placeName or ancestor::tei:orgName))]">
        <xsl:variable name="block" select="ancestor::*[local-name() = $block_names][1]"/>
        <xsl:variable name="surface" select="string(.)"/>
        <xsl:variable name="start" select="$block ! (current()!accumulator-before('chars') - accumulator-before('chars'))"/>
        <xsl:variable name="block_text" select="if ($width) then string($block) else ''"/>
        <xsl:value-of select="$line"/>
        <xsl:value-of separator="{$cell}" select="
            string(position()),
            $document,
            string($block ! local-name(.)),
            string($block/@xml:id),
            string($block ! (accumulator-before('blocks') - $text_blocks)),
            string(ancestor::tei:s[1][$block is ancestor::*[local-name() = $block_names][1]]
                   ! (count(preceding-sibling::tei:s) + 1)),
            local-name(.),
            string(@type),
            string(@ref),
            string(@key),
            $surface,
            string($start),
            string(@cert),
            string(@resp),
            string(count(ancestor::*[self::tei:persName or self::tei:placeName or self::tei:orgName
                   or ((self::tei:rs or self::tei:name) and not(ancestor::tei:persName
                       or ancestor::tei:placeName or ancestor::tei:orgName))])),
            string(exists(ancestor::tei:note)),
            string(exists(ancestor::*[self::tei:quote or self::tei:q or self::tei:cit or self::tei:said])),
            if ($width and exists($start))
              then substring($block_text, max((1, $start - $width + 1)), min(($start, $width))) else '',
            if ($width and exists($start))
              then substring($block_text, $start + string-length($surface) + 1, $width) else ''"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
