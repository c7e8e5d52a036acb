<?xml version="1.0" encoding="UTF-8"?>
<!-- The mentions table: one JSON object per entity element (persName, placeName, orgName, rs, name)
     inside tei:text, in document order. One pass: accumulators carry the character position,
     the block, sentence and mention counters, so no row counts its preceding nodes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="tables/functions.xsl"/>
  <xsl:output method="json" indent="no"/>
  <xsl:mode use-accumulators="#all"/>

  <!-- Code points of text seen so far: a node's offset is the difference of two values. -->
  <xsl:accumulator name="chars" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text()" phase="end" select="$value + string-length(.)"/>
  </xsl:accumulator>
  <xsl:accumulator name="blocks" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//*[tt:is-block(.)]" select="$value + 1"/>
  </xsl:accumulator>
  <xsl:accumulator name="sentences" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:s" select="$value + 1"/>
  </xsl:accumulator>
  <xsl:accumulator name="mentions" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//*[tt:is-mention(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:template match="/">
    <xsl:variable name="rows" as="map(*)*">
      <xsl:for-each select="tt:documents(.)">
        <xsl:variable name="tei" select="."/>
        <xsl:variable name="entries" as="map(xs:string, element())"
                      select="map:merge(tt:entries($tei) ! map{string(@xml:id): .},
                                        map{'duplicates': 'use-first'})"/>
        <xsl:variable name="id" select="tt:document-id($tei)"/>
        <xsl:for-each select="$tei/tei:text//*[tt:is-mention(.)]">
          <xsl:sequence select="tt:mention-row(., $tei, $id, $entries)"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="array{ $rows }"/>
  </xsl:template>

  <xsl:function name="tt:mention-row" as="map(*)">
    <xsl:param name="m" as="element()"/>
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="entries" as="map(xs:string, element())"/>
    <xsl:variable name="block" select="$m/ancestor::*[tt:is-block(.)][1]"/>
    <xsl:variable name="sentence" select="$m/ancestor::tei:s[1][not($block) or ancestor::* intersect $block]"/>
    <xsl:variable name="surface" select="string($m)"/>
    <xsl:variable name="start" as="xs:integer?"
                  select="$block ! ($m!accumulator-before('chars') - accumulator-before('chars'))"/>
    <xsl:variable name="end" select="$start ! (. + string-length($surface))"/>
    <xsl:variable name="text" select="string($block)"/>
    <xsl:variable name="entity" select="tt:entity($m)"/>
    <xsl:variable name="entry" select="$entity ! $entries(.)"/>
    <xsl:sequence select="map{
        'document': $id,
        'index': $m!accumulator-before('mentions') - $tei!accumulator-before('mentions'),
        'block': $block ! local-name(.),
        'block_id': tt:opt($block/@xml:id),
        'block_index': $block ! (accumulator-before('blocks') - $tei!accumulator-before('blocks')),
        'sentence': $sentence ! (accumulator-before('sentences')
                                 - ($block, $tei)[1]!accumulator-before('sentences')),
        'element': local-name($m),
        'type': tt:kind($m),
        'tei_type': tt:opt($m/@type),
        'ref': tt:opt($m/@ref),
        'key': tt:opt($m/@key),
        'entity': $entity,
        'label': $entry ! tt:label(.),
        'surface': $surface,
        'text': normalize-space($surface),
        'start': $start,
        'end': $end,
        'cert': tt:opt($m/@cert),
        'resp': tt:opt($m/@resp),
        'suggestion': if ($entry) then exists($entry/@resp) else exists($m/@resp),
        'depth': count($m/ancestor::*[tt:is-mention(.)]),
        'in_note': exists($m/ancestor::tei:note),
        'in_quote': exists($m/ancestor::*[self::tei:quote or self::tei:q or self::tei:cit or self::tei:said]),
        'left': $start ! string-join(tokenize(substring($text, 1, .))[position() gt last() - $context_words], ' '),
        'right': $end ! string-join(tokenize(substring($text, . + 1))[position() le $context_words], ' ')
      }"/>
  </xsl:function>
</xsl:stylesheet>
