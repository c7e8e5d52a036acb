<?xml version="1.0" encoding="UTF-8"?>
<!-- The mentions table: one tab-separated line per entity element (persName, placeName, orgName; rs and name
     outside those) inside tei:text, in document order. One pass over each text in mode "mentions":
     the enclosing block, sentence, note and quotation travel down as tunnel parameters, and the
     "chars" and "blocks" accumulators give offsets and block numbers without counting preceding nodes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all">

  <xsl:include href="tables/functions.xsl"/>
  <xsl:output method="text"/>
  <xsl:mode use-accumulators="#all"/>
  <xsl:mode name="mentions" on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:template match="text()" mode="mentions"/>

  <!-- Code points of text seen so far: an offset is the difference of two values. -->
  <xsl:accumulator name="chars" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text()" phase="end" select="$value + string-length(.)"/>
  </xsl:accumulator>
  <!-- Text blocks seen so far (any namespace, as tei_toolkit.entities.insert.is_text_block). -->
  <xsl:accumulator name="blocks" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[local-name() = $block_names]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:template match="/">
    <xsl:sequence select="tt:table(('index', $columns), tt:documents(.) ! tt:document-mentions(.))"/>
  </xsl:template>

  <!-- What the TEI says about each mention. tei_toolkit.export.extract derives the rest from these
       (type, entity, text, end; label and suggestion from the entities table). -->
  <xsl:variable name="columns" select="('document', 'block', 'block_id', 'block_index', 'sentence',
      'element', 'tei_type', 'ref', 'key', 'surface', 'start', 'cert', 'resp', 'depth', 'in_note',
      'in_quote', 'left', 'right')"/>

  <!-- The rows of one document, numbered from 1 in document order. -->
  <xsl:function name="tt:document-mentions" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="rows" as="xs:string*">
      <xsl:apply-templates select="$tei/tei:text" mode="mentions">
        <xsl:with-param name="document" select="tt:document-id($tei)" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="for $n in 1 to count($rows) return $n || '&#9;' || $rows[$n]"/>
  </xsl:function>

  <xsl:template match="tei:text" mode="mentions">
    <xsl:apply-templates mode="mentions">
      <xsl:with-param name="text" select="." tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="*[local-name() = $block_names]" mode="mentions">
    <xsl:param name="text" tunnel="yes" as="element()"/>
    <xsl:next-match>
      <xsl:with-param name="block" select="." tunnel="yes"/>
      <xsl:with-param name="block_text" select="string(.)" as="xs:string" tunnel="yes"/>
      <xsl:with-param name="block_index" tunnel="yes"
                      select="accumulator-before('blocks') - $text!accumulator-before('blocks')"/>
      <xsl:with-param name="sentence" select="()" tunnel="yes"/>
      <xsl:with-param name="sentences" select="0" tunnel="yes"/>
    </xsl:next-match>
  </xsl:template>

  <xsl:template match="tei:s" mode="mentions">
    <xsl:apply-templates mode="mentions">
      <xsl:with-param name="sentence" tunnel="yes" select="count(preceding-sibling::tei:s) + 1"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="tei:note" priority="-1" mode="mentions">
    <xsl:apply-templates mode="mentions">
      <xsl:with-param name="in_note" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q | tei:cit | tei:said" mode="mentions">
    <xsl:apply-templates mode="mentions">
      <xsl:with-param name="in_quote" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- rs and name inside persName/placeName/orgName are parts of a name, not mentions of their own. -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs | tei:name" mode="mentions">
    <xsl:param name="in_name" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:param name="depth" tunnel="yes" as="xs:integer" select="0"/>
    <xsl:variable name="counted" select="not($in_name and (self::tei:rs or self::tei:name))"/>
    <xsl:if test="$counted">
      <xsl:call-template name="mention-row"/>
    </xsl:if>
    <xsl:apply-templates mode="mentions">
      <xsl:with-param name="depth" tunnel="yes" select="if ($counted) then $depth + 1 else $depth"/>
      <xsl:with-param name="in_name" tunnel="yes"
                      select="$in_name or not(self::tei:rs or self::tei:name)"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template name="mention-row" as="xs:string">
    <xsl:param name="document" tunnel="yes" as="xs:string"/>
    <xsl:param name="block" tunnel="yes" as="element()?" select="()"/>
    <xsl:param name="block_text" tunnel="yes" as="xs:string" select="''"/>
    <xsl:param name="block_index" tunnel="yes" as="xs:integer?" select="()"/>
    <xsl:param name="sentence" tunnel="yes" as="xs:integer?" select="()"/>
    <xsl:param name="depth" tunnel="yes" as="xs:integer" select="0"/>
    <xsl:param name="in_note" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:param name="in_quote" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:variable name="surface" select="string(.)"/>
    <xsl:variable name="start" as="xs:integer?"
                  select="$block ! (current()!accumulator-before('chars') - accumulator-before('chars'))"/>
    <xsl:variable name="end" select="$start ! (. + string-length($surface))"/>
    <xsl:sequence select="tt:row([
        $document,
        $block ! local-name(.),
        tt:opt($block/@xml:id),
        $block_index,
        $sentence,
        local-name(.),
        tt:opt(@type),
        tt:opt(@ref),
        tt:opt(@key),
        $surface,
        $start,
        tt:opt(@cert),
        tt:opt(@resp),
        $depth,
        $in_note,
        $in_quote,
        $start ! tt:before($block_text, .),
        $end ! tt:after($block_text, .)
      ])"/>
  </xsl:template>

  <!-- Context: the raw text just before and after the mention, 40 characters per word plus one
       (tei_toolkit.export.extract cuts it into words: a cut word at the window's edge is dropped). -->
  <xsl:function name="tt:before" as="xs:string?">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="start" as="xs:integer"/>
    <xsl:variable name="width" select="40 * $context_words + 1"/>
    <xsl:variable name="from" select="max((1, $start - $width + 1))"/>
    <xsl:sequence select="if ($context_words gt 0) then substring($text, $from, $start - $from + 1) else ()"/>
  </xsl:function>

  <xsl:function name="tt:after" as="xs:string?">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="end" as="xs:integer"/>
    <xsl:sequence select="if ($context_words gt 0) then substring($text, $end + 1, 40 * $context_words + 1) else ()"/>
  </xsl:function>
</xsl:stylesheet>
