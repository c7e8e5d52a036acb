<?xml version="1.0" encoding="UTF-8"?>
<!-- The map page: every place with coordinates as a point on an offline SVG map
     (equirectangular: x = longitude, y = -latitude), with labels and a table. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:math="http://www.w3.org/2005/xpath-functions/math"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Land outlines (Natural Earth 1:110m, see the file's header), already projected. -->
  <xsl:variable name="tt:land" as="xs:string" select="string(doc('world.xml')/world/land/@d)"/>

  <xsl:function name="tt:num" as="xs:string">
    <xsl:param name="value" as="xs:double"/>
    <xsl:sequence select="format-number($value, '0.####')"/>
  </xsl:function>

  <xsl:template name="map-page">
    <xsl:variable name="places" as="element()*" select="tt:all-entries(root(.))[tt:entry-kind(.) eq 'place'][exists(tt:geo(.))]"/>
    <xsl:variable name="lats" as="xs:double*" select="$places ! tt:geo(.)[1]"/>
    <xsl:variable name="longs" as="xs:double*" select="$places ! tt:geo(.)[2]"/>
    <xsl:variable name="span" as="xs:double"
        select="if (empty($places)) then 360 else max((max($longs) - min($longs), max($lats) - min($lats)))"/>
    <xsl:variable name="pad" as="xs:double" select="max((2, $span * 0.12))"/>
    <xsl:variable name="x0" as="xs:double" select="if (empty($places)) then -180 else max((-180, min($longs) - $pad))"/>
    <xsl:variable name="x1" as="xs:double" select="if (empty($places)) then 180 else min((180, max($longs) + $pad + $span * 0.1 + 3))"/>
    <xsl:variable name="y0" as="xs:double" select="if (empty($places)) then -90 else max((-90, -max($lats) - $pad))"/>
    <xsl:variable name="y1" as="xs:double" select="if (empty($places)) then 90 else min((90, -min($lats) + $pad))"/>
    <xsl:variable name="width" as="xs:double" select="$x1 - $x0"/>
    <xsl:variable name="height" as="xs:double" select="$y1 - $y0"/>
    <xsl:variable name="size" as="xs:double" select="max(($width, $height))"/>
    <xsl:variable name="step" as="xs:integer"
        select="if ($size gt 90) then 30 else if ($size gt 30) then 10 else if ($size gt 8) then 5 else 1"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="tt:ui('map')"/>
      <xsl:with-param name="current" select="'map'"/>
      <xsl:with-param name="scripts" select="'map.js'"/>
      <xsl:with-param name="content">
        <h1>{tt:ui('map')}</h1>
        <p class="count">{count($places)} {tt:ui('place-count')}</p>
        <figure class="map">
          <svg class="map" role="img" aria-labelledby="tt-map-caption"
               viewBox="{tt:num($x0)} {tt:num($y0)} {tt:num($width)} {tt:num($height)}"
               preserveAspectRatio="xMidYMid meet">
            <rect class="sea" x="{tt:num($x0)}" y="{tt:num($y0)}" width="{tt:num($width)}" height="{tt:num($height)}"/>
            <path class="land" d="{$tt:land}"/>
            <g class="graticule" stroke-width="{tt:num($size div 600)}">
              <xsl:for-each select="xs:integer(ceiling($x0 div $step)) to xs:integer(floor($x1 div $step))">
                <line x1="{. * $step}" x2="{. * $step}" y1="{tt:num($y0)}" y2="{tt:num($y1)}"/>
              </xsl:for-each>
              <xsl:for-each select="xs:integer(ceiling($y0 div $step)) to xs:integer(floor($y1 div $step))">
                <line y1="{. * $step}" y2="{. * $step}" x1="{tt:num($x0)}" x2="{tt:num($x1)}"/>
              </xsl:for-each>
            </g>
            <g class="places" font-size="{tt:num($size div 40)}">
              <xsl:for-each select="$places">
                <xsl:sort select="lower-case(tt:entry-label(.))"/>
                <xsl:variable name="geo" as="xs:double+" select="tt:geo(.)"/>
                <a href="places.html#{@xml:id}" id="map-{@xml:id}" class="place{if (tt:is-suggestion(.)) then ' suggestion' else ''}">
                  <title>{tt:entry-label(.)}</title>
                  <circle class="marker" data-id="{@xml:id}" cx="{tt:num($geo[2])}" cy="{tt:num(-$geo[1])}" r="{tt:num($size div 120)}"/>
                  <text class="label" x="{tt:num($geo[2] + $size div 80)}" y="{tt:num(-$geo[1] + $size div 160)}">{tt:entry-label(.)}</text>
                </a>
              </xsl:for-each>
            </g>
          </svg>
          <figcaption id="tt-map-caption">{tt:ui('map-caption')}</figcaption>
        </figure>
        <div class="table-wrap">
          <table class="places">
            <thead><tr><th scope="col">{tt:ui('places')}</th><th scope="col">{tt:ui('latitude')}</th><th scope="col">{tt:ui('longitude')}</th></tr></thead>
            <tbody>
              <xsl:for-each select="$places">
                <xsl:sort select="lower-case(tt:entry-label(.))"/>
                <tr data-id="{@xml:id}">
                  <td><a href="places.html#{@xml:id}">{tt:entry-label(.)}</a></td>
                  <td>{tt:num(tt:geo(.)[1])}</td>
                  <td>{tt:num(tt:geo(.)[2])}</td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
