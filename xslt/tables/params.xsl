<?xml version="1.0" encoding="UTF-8"?>
<!-- Every parameter of the table stylesheets, typed, named like the Python option that sets it
     (tei_toolkit.export.ExportOptions). Set once per compiled stylesheet. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- Element names of "text blocks", space separated: mention offsets are relative to the nearest one.
       Python passes tei_toolkit.entities.insert.TEXT_BLOCKS, so the list is defined once. -->
  <xsl:param name="text_blocks" as="xs:string" select="'p ab l head item cell note'"/>

  <!-- Words of context kept left and right of each mention. -->
  <xsl:param name="context_words" as="xs:integer" select="8"/>

  <xsl:variable name="block_names" as="xs:string*" select="tokenize($text_blocks)"/>
  <!-- The "position" accumulator (xslt/tei-to-mentions.xsl) keeps the text blocks seen in multiples
       of this number and the characters seen below it. -->
  <xsl:variable name="chars_part" as="xs:integer" select="1099511627776"/>
  <!-- Mention records count a document's blocks, and a block's text nodes, when there are at most
       this many; beyond, they ask the "position" accumulator (see xslt/tei-to-mentions.xsl). -->
  <xsl:variable name="count_limit" as="xs:integer" select="50"/>
  <xsl:variable name="block_set" as="map(xs:string, xs:boolean)"
      select="map:merge($block_names ! map:entry(., true()))"/>

  <!-- Characters of block text read on each side of a mention to find its context words (the whole
       text is read only when this window holds too few words). -->
  <xsl:variable name="context_window" as="xs:integer" select="24 * $context_words + 24"/>
</xsl:stylesheet>
