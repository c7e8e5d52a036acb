<?xml version="1.0" encoding="UTF-8"?>
<!-- The mentions table: one row per entity element inside tei:text, in document order: every persName,
     placeName and orgName, and every rs and name that is not part of one of those. One pass: the
     "chars" and "blocks" accumulators give character offsets and block numbers, so no row counts
     its preceding nodes. Rows say what the TEI says; tei_toolkit.export.extract derives type, entity,
     text, end and the context words (from the block texts) from them, and the aggregator adds label
     and suggestion. -->
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
      'in_quote')"/>

  <!-- Two tables, separated by an empty line: the mentions, then the text of each block that holds
       one (document, block_index, text), from which Python cuts the context words. -->
  <xsl:template match="/">
    <xsl:variable name="documents" select="tt:documents(.)"/>
    <xsl:value-of select="string-join($columns, $cell)"/>
    <xsl:for-each select="$documents">
      <xsl:variable name="document" select="tt:document-id(.)"/>
      <xsl:variable name="text_blocks" select="tei:text[1] ! accumulator-before('blocks')"/>
      <xsl:for-each select="tt:mentions(.)">
        <xsl:variable name="block" select="ancestor::*[local-name() = $block_names][1]"/>
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
            string(.),
            string($block ! (current()!accumulator-before('chars') - accumulator-before('chars'))),
            string(@cert),
            string(@resp),
            string(count(ancestor::*[self::tei:persName or self::tei:placeName or self::tei:orgName
                   or ((self::tei:rs or self::tei:name) and not(ancestor::tei:persName
                       or ancestor::tei:placeName or ancestor::tei:orgName))])),
            string(exists(ancestor::tei:note)),
            string(exists(ancestor::*[self::tei:quote or self::tei:q or self::tei:cit or self::tei:said]))"/>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:if test="$context_words gt 0">
      <xsl:value-of select="$line, $line, string-join(('document', 'block_index', 'text'), $cell)" separator=""/>
      <xsl:for-each select="$documents">
        <xsl:variable name="document" select="tt:document-id(.)"/>
        <xsl:variable name="text_blocks" select="tei:text[1] ! accumulator-before('blocks')"/>
        <xsl:for-each select="(tt:mentions(.) ! ancestor::*[local-name() = $block_names][1])/.">
          <xsl:value-of select="$line, $document, $cell, string(accumulator-before('blocks') - $text_blocks),
                                $cell, string(.)" separator=""/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- The entity elements of a document, in document order. -->
  <xsl:function name="tt:mentions" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:text//*[self::tei:persName or self::tei:placeName or self::tei:orgName
                          or ((self::tei:rs or self::tei:name) and not(ancestor::tei:persName
                              or ancestor::tei:placeName or ancestor::tei:orgName))]"/>
  </xsl:function>
</xsl:stylesheet>
